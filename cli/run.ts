import { type Io, UsageError, args } from "./args";
import { cliActor } from "@/lib/authz/actor";
import { ConfigError, config } from "@/lib/config";
import { disconnectDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { createToken, revokeToken } from "@/lib/tokens/tokens";
import { createUser, findUserByUsername, resetPassword, setDisabled, setSuperadmin } from "@/lib/users/users";

const stdio: Io = {
  out: (l) => process.stdout.write(l + "\n"),
  err: (l) => process.stderr.write(l + "\n"),
};

export const USAGE = `usage: tenantflow <command>
  tenants create --tenant ID --name NAME [--description D] [--admin-username U]
  tenants list
  tenants delete ID
  tenants restore ID
  tenants update ID [--concurrency-limit N|none] [--weight W] [--worker-group KEY|none]
  tenants add-admin --tenant T USER
  users create USER [--password P] [--display-name N] [--tenant T] [--admin | --superadmin]
  users set-superadmin USER true|false
  users disable USER | users enable USER
  users set-password USER [--password P]
  users sync-access
  migrate default-tenant --tenant-id ID --tenant-name NAME [--dry-run]
  tokens create USER --name N [--expires-in 30d]
  tokens revoke ID
  namespaces show --tenant T NAMESPACE
  namespaces update --tenant T NAMESPACE [--concurrency-limit N|none] [--worker-group KEY|none]
  flows apply --tenant T PATH...
  executions run --tenant T NAMESPACE FLOW [--input k=v ...] [--label k=v ...] [--wait]
  triggers list --tenant T [--namespace NS] [--flow F]
  triggers enable|disable|unlock --tenant T NAMESPACE FLOW TRIGGER
  worker [--group KEY] [--concurrency N]
  worker-groups list
  worker-groups create KEY [--description D] [--tenant T ...]
  worker-groups update KEY [--description D] [--tenant T ... | --all-tenants]
  worker-groups delete KEY
  executor
  scheduler
  bootstrap`;

async function usersCreate(argv: string[], io: Io) {
  const { values, positionals } = args(argv, {
    password: { type: "string" },
    "display-name": { type: "string" },
    tenant: { type: "string" },
    admin: { type: "boolean" },
    superadmin: { type: "boolean" },
  });
  const [username] = positionals;
  if (!username || positionals.length > 1) throw new UsageError("users create takes exactly one USER");
  if (values.admin && values.superadmin) throw new UsageError("--admin and --superadmin exclude each other");
  const { randomPassword } = await import("@/lib/passwords");
  const password = (values.password as string | undefined) ?? randomPassword();
  const user = await createUser(cliActor(), {
    username,
    password,
    displayName: values["display-name"] as string | undefined,
    superadmin: !!values.superadmin,
  });
  io.out(`created user ${user.username}${user.superadmin ? " (superadmin)" : ""}`);
  if (!values.password) io.out(`password: ${password}`);
  if (values.tenant || values.admin || values.superadmin) {
    const { addUserToTenant } = await import("@/lib/tenants/membership");
    const tenant = (values.tenant as string | undefined) ?? "main";
    const admin = !!values.admin || !!values.superadmin;
    await addUserToTenant(cliActor(), tenant, user.id, { admin });
    io.out(`granted access to tenant ${tenant}${admin ? " with the Admin role" : ""}`);
  }
  return 0;
}

async function usersSetSuperadmin(argv: string[], io: Io) {
  const { positionals } = args(argv);
  const [username, flag] = positionals;
  if (!username || !["true", "false"].includes(flag ?? "") || positionals.length !== 2) {
    throw new UsageError("users set-superadmin USER true|false");
  }
  const user = await setSuperadmin(cliActor(), username, flag === "true");
  io.out(`${user.username}: superadmin ${user.superadmin}`);
  return 0;
}

function usersSetDisabled(value: boolean) {
  return async (argv: string[], io: Io) => {
    const { positionals } = args(argv);
    if (positionals.length !== 1) throw new UsageError(`users ${value ? "disable" : "enable"} USER`);
    const user = await setDisabled(cliActor(), positionals[0], value);
    io.out(value ? `disabled ${user.username}: their sessions and API tokens have ended` : `enabled ${user.username}`);
    return 0;
  };
}

async function usersSetPassword(argv: string[], io: Io) {
  const { values, positionals } = args(argv, { password: { type: "string" } });
  if (positionals.length !== 1) throw new UsageError("users set-password USER [--password P]");
  const { randomPassword } = await import("@/lib/passwords");
  const password = (values.password as string | undefined) ?? randomPassword();
  await resetPassword(cliActor(), positionals[0], password);
  io.out(`set the password of ${positionals[0]}; their sessions have ended`);
  if (!values.password) io.out(`password: ${password}`);
  return 0;
}

async function tokensCreate(argv: string[], io: Io) {
  const { values, positionals } = args(argv, { name: { type: "string" }, "expires-in": { type: "string" } });
  const [username] = positionals;
  if (!username || positionals.length > 1) throw new UsageError("tokens create USER --name N [--expires-in 30d]");
  if (!values.name) throw new UsageError("tokens create needs --name");
  const user = await findUserByUsername(username);
  if (!user) throw new UsageError(`user ${username} not found`);
  const token = await createToken(cliActor(), user.id, { name: values.name as string, expiresIn: values["expires-in"] as string });
  io.out(`token ${token.id} for ${user.username}${token.expiresAt ? ` (expires ${token.expiresAt.toISOString()})` : ""}`);
  io.out(token.token);
  io.err("store it now: it is shown only once");
  return 0;
}

async function tokensRevoke(argv: string[], io: Io) {
  const { positionals } = args(argv);
  if (positionals.length !== 1) throw new UsageError("tokens revoke ID");
  await revokeToken(cliActor(), positionals[0]);
  io.out(`revoked token ${positionals[0]}`);
  return 0;
}

async function runBootstrap(_argv: string[], io: Io) {
  if (!config().secretKey) {
    throw new ConfigError("invalid setting TENANTFLOW_SECRET_KEY: required (32+ characters, e.g. openssl rand -base64 32)");
  }
  const { bootstrap } = await import("@/lib/bootstrap");
  const r = await bootstrap();
  if (r.createdDefaultTenant) io.out("created the default tenant (main)");
  if (r.filesMoved) io.out(`moved ${r.filesMoved} stored files to the current storage layout`);
  if (r.admin) {
    io.out("");
    io.out("  First administrator created");
    io.out(`    username: ${r.admin.username}`);
    io.out(r.admin.generated ? `    password: ${r.admin.password}   (shown once: note it now)` : "    password: from ADMIN_PASSWORD");
    io.out("");
  }
  return 0;
}

type Command = (argv: string[], io: Io) => Promise<number>;
type Group = () => Promise<Record<string, Command>>;

// each group's module (and what it needs: the engine for `executions run` and the roles) is loaded
// only when one of its commands runs, so that a command starts without the rest
const tenants: Group = () => import("./tenants").then((m) => m.tenantCommands);
const flows: Group = () => import("./flows").then((m) => m.flowCommands);
const executions: Group = () => import("./executions").then((m) => m.executionCommands);
const triggers: Group = () => import("./triggers").then((m) => m.triggerCommands);
const roles: Group = () => import("./roles").then((m) => m.roleCommands);
const namespaces: Group = () => import("./namespaces").then((m) => m.namespaceCommands);
const workerGroups: Group = () => import("./worker-groups").then((m) => m.workerGroupCommands);

/** The commands of the modules loaded on use, by name (`run.test.ts` keeps it equal to theirs). */
export const LAZY_COMMANDS: Record<string, Group> = {
  "tenants create": tenants,
  "tenants list": tenants,
  "tenants delete": tenants,
  "tenants restore": tenants,
  "tenants update": tenants,
  "tenants add-admin": tenants,
  "users sync-access": tenants,
  "migrate default-tenant": tenants,
  "namespaces show": namespaces,
  "namespaces update": namespaces,
  "flows apply": flows,
  "executions run": executions,
  "triggers list": triggers,
  "triggers enable": triggers,
  "triggers disable": triggers,
  "triggers unlock": triggers,
  worker: roles,
  executor: roles,
  scheduler: roles,
  "worker-groups list": workerGroups,
  "worker-groups create": workerGroups,
  "worker-groups update": workerGroups,
  "worker-groups delete": workerGroups,
};

export const COMMANDS: Record<string, Command> = {
  "users create": usersCreate,
  "users set-superadmin": usersSetSuperadmin,
  "users disable": usersSetDisabled(true),
  "users enable": usersSetDisabled(false),
  "users set-password": usersSetPassword,
  "tokens create": tokensCreate,
  "tokens revoke": tokensRevoke,
  bootstrap: runBootstrap,
  ...Object.fromEntries(
    Object.entries(LAZY_COMMANDS).map(([name, group]): [string, Command] => [
      name,
      async (argv, io) => {
        const command = (await group())[name];
        if (!command) throw new Error(`the command module lacks "${name}"`);
        return command(argv, io);
      },
    ]),
  ),
};

export async function runCli(argv: string[], io: Io = stdio, opts: { keepDb?: boolean } = {}): Promise<number> {
  const key = [argv.slice(0, 2).join(" "), argv[0]].find((k) => k && COMMANDS[k]);
  try {
    if (!key) {
      if (argv.length === 0 || argv[0] === "help" || argv[0] === "--help") {
        io.out(USAGE);
        return argv.length === 0 ? 2 : 0;
      }
      throw new UsageError(`unknown command "${argv.slice(0, 2).join(" ")}" (tenantflow --help lists them)`);
    }
    const rest = argv.slice(key.split(" ").length);
    return await COMMANDS[key](rest, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    if (isAppError(e)) {
      const details = e.details.map((d) => `${d.path ? d.path + ": " : ""}${d.message}`).join("; ");
      io.err(`error: ${e.message}${details ? ` (${details})` : ""}`);
      return 1;
    }
    throw e;
  } finally {
    if (!opts.keepDb) await disconnectDb();
  }
}
