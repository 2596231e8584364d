import fs from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { trustedProxyList } from "./auth/trusted-proxies";

// Configuration comes from the environment and an optional tenantflow.yaml; the environment wins.
// A bad value stops the process with one line naming the setting and what it accepts.

const bool = z
  .union([z.boolean(), z.enum(["true", "false", "1", "0", "yes", "no"])])
  .transform((v) => v === true || v === "true" || v === "1" || v === "yes");

/** A list given as a YAML list or a comma-separated string (an environment variable): trimmed, empty items dropped. */
const commaList = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((item) => item.trim()).filter(Boolean));

export const configSchema = z.object({
  databaseUrl: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .default("file:./data/tenantflow.db"),
  tenantsEnabled: bool.default(false),
  tenantsDefaultTenant: bool.default(true),
  secretKey: z
    .string()
    .min(32, "must be at least 32 characters (for example: openssl rand -base64 32)")
    .optional(),
  storageRoot: z.string().min(1).default("./data/storage"),
  adminUsername: z.string().min(1).max(200).optional(),
  adminPassword: z.string().min(8, "must be at least 8 characters").optional(),
  maxFileSize: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  // the largest outputs one task run may return (their JSON, in bytes): bigger ones fail the task
  maxTaskOutputSize: z.coerce.number().int().positive().default(1024 * 1024),
  maxExecutionLogSize: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  // PostgreSQL row-level security, the second wall behind the tenant filter of every query
  pgRls: z.enum(["on", "off"], "must be on or off").default("on"),
  // http.Request / http.Download: hosts resolving to loopback, private, link-local or unspecified
  // addresses are refused unless this is on (a tenant's flow must not reach the instance's network)
  httpAllowPrivate: bool.default(false),
  // the hosts plugins may reach at all (names, or *.domain); empty: any host (still subject to the above)
  allowedHosts: commaList.default([]),
  // aws tasks without accessKeyId/secretKeyId: refused unless this is on, when they use the worker's
  // own AWS identity (its environment, profile or instance role): a tenant must not act as the instance
  awsDefaultCredentials: bool.default(false),
  // the largest HTTP response body http.Request keeps (bytes); http.Download is bounded by maxFileSize
  httpMaxResponseSize: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  // the engine's roles (executor, worker, scheduler) inside the app's process; off when they run
  // as their own processes (tenantflow executor|worker|scheduler)
  embeddedRoles: bool.default(true),
  // attempts the app's own worker runs at once
  workerConcurrency: z.coerce.number().int().min(1).max(1000).default(4),
  // how long a worker's claim on an attempt holds without a heartbeat (ms): a dead worker's
  // attempts go to another worker after this long
  workerLeaseMs: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
  // webhook calls a tenant takes per minute (a token bucket per tenant, refilled evenly); past it 429
  webhookRateLimit: z.coerce.number().int().min(1).max(1_000_000).default(600),
  // Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges, comma-separated).
  // None by default: a client could otherwise pick the address its sign-in failures count against.
  // worker groups whose workers run script tasks (shell, Python, Node), comma-separated; `default`
  // names the default group. Unset: no worker runs scripts (a script runs next to the worker's own
  // process and, on a shared group, next to other tenants' work).
  scriptWorkerGroups: z.union([z.string(), z.array(z.string()).transform((a) => a.join(","))]).optional(),
  // the longest a script task may run whatever its own `timeout` (ms)
  scriptTimeoutMs: z.coerce.number().int().min(1000).max(7 * 24 * 3_600_000).default(3_600_000),
  // bytes of standard output and error a script attempt logs; past it the rest is dropped (one line says so)
  scriptMaxLogBytes: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(1024 * 1024),
  // the operating system user (uid or uid:gid) script processes run as; the worker must be allowed
  // to switch to it (root or CAP_SETUID). Unset: the worker's own user, which can read the worker's
  // environment and files.
  scriptUser: z.string().regex(/^\d+(:\d+)?$/, "must be a numeric uid or uid:gid, such as 65534:65534").optional(),
  // the longest one JDBC statement may run whatever the task's own `timeout` (ms): past it the
  // statement is cancelled on the database server and the task fails
  jdbcQueryTimeoutMs: z.coerce.number().int().min(1000).max(7 * 24 * 3_600_000).default(3_600_000),
  // npm packages (names resolved from the instance's directory, or absolute paths) exporting a plugin's
  // `definition` and `runtime`, comma-separated; loaded at the start of every process that validates
  // or runs flows. A package that fails to load is reported (log, /ui/admin/plugins) and skipped.
  plugins: commaList.default([]),
  // the Docker daemon of the Docker task runner: a unix socket (unix:///var/run/docker.sock or a
  // path) or tcp://host:port. Unset: the Docker task runner is off (a task asking for it fails).
  dockerHost: z.string().min(1).optional(),
  // let a Docker task ask for what reaches the Docker host: privileged, volumes, the host's network,
  // port bindings, devices. Off: a tenant's container sees only its own working directory.
  dockerAllowHostAccess: bool.default(false),
  // Git tasks: the URL schemes a repository may have (https, http, ssh, file), comma-separated;
  // file (a path on the worker's disk) only when named here
  gitSchemes: commaList
    .transform((v) => v.map((scheme) => scheme.toLowerCase()))
    .pipe(z.array(z.enum(["https", "http", "ssh", "file"], "must be a comma-separated list of https, http, ssh, file")))
    .default(["https", "ssh"]),
  // Git tasks: the largest repository checkout (bytes, .git included) and the most files one task reads or writes
  gitMaxSize: z.coerce.number().int().min(1024).default(100 * 1024 * 1024),
  gitMaxFiles: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  // Git tasks: the longest one git command (clone, push) may run (ms)
  gitTimeoutMs: z.coerce.number().int().min(1000).max(24 * 3_600_000).default(600_000),
  trustedProxies: z
    .union([z.string(), z.array(z.string()).transform((a) => a.join(","))])
    .superRefine((v, c) => {
      try {
        trustedProxyList(v);
      } catch (e) {
        c.addIssue({ code: "custom", message: `must be IP addresses or CIDR ranges, comma-separated (${(e as Error).message})` });
      }
    })
    .default(""),
});

export type Config = z.infer<typeof configSchema>;

const ENV: Record<keyof Config, string> = {
  databaseUrl: "DATABASE_URL",
  tenantsEnabled: "TENANTS_ENABLED",
  tenantsDefaultTenant: "TENANTS_DEFAULT_TENANT",
  secretKey: "TENANTFLOW_SECRET_KEY",
  storageRoot: "TENANTFLOW_STORAGE_ROOT",
  adminUsername: "ADMIN_USERNAME",
  adminPassword: "ADMIN_PASSWORD",
  maxFileSize: "TENANTFLOW_MAX_FILE_SIZE",
  maxTaskOutputSize: "TENANTFLOW_MAX_TASK_OUTPUT_SIZE",
  maxExecutionLogSize: "TENANTFLOW_MAX_EXECUTION_LOG_SIZE",
  pgRls: "TENANTFLOW_PG_RLS",
  httpAllowPrivate: "TENANTFLOW_HTTP_ALLOW_PRIVATE",
  allowedHosts: "TENANTFLOW_ALLOWED_HOSTS",
  httpMaxResponseSize: "TENANTFLOW_HTTP_MAX_RESPONSE_SIZE",
  awsDefaultCredentials: "TENANTFLOW_AWS_DEFAULT_CREDENTIALS",
  embeddedRoles: "TENANTFLOW_EMBEDDED_ROLES",
  workerConcurrency: "TENANTFLOW_WORKER_CONCURRENCY",
  workerLeaseMs: "TENANTFLOW_WORKER_LEASE_MS",
  webhookRateLimit: "TENANTFLOW_WEBHOOK_RATE_LIMIT",
  trustedProxies: "TENANTFLOW_TRUSTED_PROXIES",
  scriptWorkerGroups: "TENANTFLOW_SCRIPT_WORKER_GROUPS",
  scriptTimeoutMs: "TENANTFLOW_SCRIPT_TIMEOUT_MS",
  scriptMaxLogBytes: "TENANTFLOW_SCRIPT_MAX_LOG_BYTES",
  scriptUser: "TENANTFLOW_SCRIPT_USER",
  dockerHost: "TENANTFLOW_DOCKER_HOST",
  jdbcQueryTimeoutMs: "TENANTFLOW_JDBC_QUERY_TIMEOUT_MS",
  plugins: "TENANTFLOW_PLUGINS",
  dockerAllowHostAccess: "TENANTFLOW_DOCKER_ALLOW_HOST_ACCESS",
  gitSchemes: "TENANTFLOW_GIT_SCHEMES",
  gitMaxSize: "TENANTFLOW_GIT_MAX_SIZE",
  gitMaxFiles: "TENANTFLOW_GIT_MAX_FILES",
  gitTimeoutMs: "TENANTFLOW_GIT_TIMEOUT_MS",
};

// tenantflow.yaml keys, mirroring the seeds' `tenants.enabled` / `tenants.defaultTenant`
const YAML_PATHS: Partial<Record<keyof Config, string[]>> = {
  databaseUrl: ["database", "url"],
  tenantsEnabled: ["tenants", "enabled"],
  tenantsDefaultTenant: ["tenants", "defaultTenant"],
  secretKey: ["secretKey"],
  storageRoot: ["storage", "root"],
  adminUsername: ["admin", "username"],
  adminPassword: ["admin", "password"],
  maxFileSize: ["storage", "maxFileSize"],
  maxTaskOutputSize: ["executions", "maxTaskOutputSize"],
  maxExecutionLogSize: ["executions", "maxExecutionLogSize"],
  pgRls: ["database", "rowLevelSecurity"],
  httpAllowPrivate: ["executions", "httpAllowPrivate"],
  allowedHosts: ["executions", "allowedHosts"],
  httpMaxResponseSize: ["executions", "httpMaxResponseSize"],
  awsDefaultCredentials: ["plugins", "aws", "defaultCredentials"],
  embeddedRoles: ["engine", "embeddedRoles"],
  workerConcurrency: ["engine", "workerConcurrency"],
  workerLeaseMs: ["engine", "workerLeaseMs"],
  webhookRateLimit: ["triggers", "webhookRateLimit"],
  trustedProxies: ["server", "trustedProxies"],
  scriptWorkerGroups: ["scripts", "workerGroups"],
  scriptTimeoutMs: ["scripts", "timeoutMs"],
  scriptMaxLogBytes: ["scripts", "maxLogBytes"],
  scriptUser: ["scripts", "user"],
  dockerHost: ["scripts", "dockerHost"],
  jdbcQueryTimeoutMs: ["jdbc", "queryTimeoutMs"],
  plugins: ["plugins", "packages"],
  dockerAllowHostAccess: ["scripts", "dockerAllowHostAccess"],
  gitSchemes: ["git", "schemes"],
  gitMaxSize: ["git", "maxSize"],
  gitMaxFiles: ["git", "maxFiles"],
  gitTimeoutMs: ["git", "timeoutMs"],
};

export class ConfigError extends Error {}

function readYaml(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) return {};
  try {
    const doc = parseYaml(fs.readFileSync(file, "utf8"));
    return doc && typeof doc === "object" ? (doc as Record<string, unknown>) : {};
  } catch (e) {
    throw new ConfigError(`${file}: not valid YAML (${(e as Error).message.split("\n")[0]})`);
  }
}

function dig(obj: Record<string, unknown>, path: string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (!cur || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const yamlFile = env.TENANTFLOW_CONFIG ?? "tenantflow.yaml";
  const fromYaml = readYaml(yamlFile);
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ENV) as (keyof Config)[]) {
    const fromEnv = env[ENV[key]];
    const value = fromEnv !== undefined && fromEnv !== "" ? fromEnv : dig(fromYaml, YAML_PATHS[key] ?? []);
    if (value !== undefined && value !== null) raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path[0] as keyof Config;
    throw new ConfigError(`invalid setting ${ENV[key]}: ${issue.message}`);
  }
  return parsed.data;
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/** Tests change the environment between cases. */
export function resetConfigCache() {
  cached = undefined;
}

export function isPostgres(url = config().databaseUrl) {
  return /^postgres(ql)?:\/\//.test(url);
}
