// Conventions that a reviewer should not have to check by hand: import boundaries between the
// layers (STYLE.md "Layout"), the raw database client only in the data layer, and server-only
// code kept out of the browser. `npm test` runs it (scripts/test-all.sh).
import tseslint from "typescript-eslint";

const rawClient = {
  group: ["@/generated/*", "**/generated/*", "@prisma/client", "@prisma/client/*"],
  message: "Use the data layer (lib/db); the generated clients are its own.",
};
const appImports = {
  group: ["@/app/*", "**/app/*"],
  message: "app/ holds routes only: lib/ and components/ never import from it.",
};
// The raw client reads across tenants. Tenant data goes through a client bound to one tenant
// (ctx.db, tenantDb in lib/db/tenant.ts); only the data layer and the instance-level modules below
// import the raw one (type imports such as Tx and Prisma stay open to all).
const rawDb = {
  group: ["@/lib/db/client", "**/db/client"],
  message: "The raw client reads across tenants: use ctx.db (a client bound to the tenant) from lib/db.",
};
const rawDbNames = {
  group: ["@/lib/db", "**/lib/db", "./db", "../db", "../../db"],
  importNames: ["db", "getDb"],
  message: "The raw client reads across tenants: use ctx.db (a client bound to the tenant) from lib/db.",
};
const noDataInUnitTests = {
  group: ["@/lib/db", "**/lib/db", "**/lib/db/*", "../db", "../../db", "@/tests/*", "**/tests/helpers", "**/tests/fresh-db", "**/tests/cli", "**/tests/executions/*"],
  message: "A unit test beside the code runs on no database: a test that reads or writes data goes under tests/.",
};
const instanceLevel = [
  // first start: migrations, the first admin, the default tenant
  "lib/bootstrap.ts",
  // sign-in, sessions, the bearer token's user and the sign-in throttle: before any tenant is known
  "lib/auth/**/*.ts",
  // instance users and their API tokens
  "lib/users/users.ts",
  // a superadmin's view of one user: their access, bindings and tokens in every tenant
  "lib/users/admin.ts",
  "lib/tokens/tokens.ts",
  // tenant administration, and the tenants and users an actor sees across tenants
  "lib/tenants/tenants.ts",
  "lib/tenants/access.ts",
  // the CLI's add-user: looks up the tenant and the user (the grant itself goes through tenantDb)
  "lib/tenants/membership.ts",
  // moves the default tenant's rows to a new tenant id
  "lib/tenants/default-tenant.ts",
  // the gate (readGate) opens a tenant: it reads the credential's user, the tenant, access and
  // bindings in one statement to build ctx
  "lib/authz/context.ts",
  "lib/authz/gate.ts",
  // the instance key's check value (InstanceSetting)
  "lib/secrets/instance-key.ts",
  // the storage layout migration walks every tenant's dedicated backends
  "lib/storage/layout.ts",
  // a tenant's own backend settings live on its Tenant row
  "lib/backends/resolve.ts",
  // the instance audit log
  "lib/audit/instance-read.ts",
  // the executions' work queue: finds due events, claims jobs and takes back lost leases across
  // tenants; on PostgreSQL a claim's statement also reads each job's execution, task run and
  // namespace chain, joined by the job's own tenant and keys; everything else that follows a
  // claim goes through tenantDb
  "lib/executions/queue.ts",
  // concurrency limits: a tenant's own limit lives on its Tenant row (read outside transactions)
  "lib/executions/concurrency.ts",
  // the scheduler's pass over every tenant's due Schedule triggers; firing one goes through tenantDb
  "lib/triggers/fire.ts",
  // worker groups and the live workers are instance-level; the scheduler's fallback pass settles
  // jobs across tenants as the queue does
  "lib/workers/groups.ts",
  "lib/workers/registry.ts",
  "lib/workers/fallback.ts",
];
const dbInTheView = {
  group: ["@/lib/db", "**/lib/db", "../db", "../../db"],
  message: "Pages and components read through lib/<domain> functions, never the database client.",
};

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", "generated/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    files: ["**/*.{ts,tsx,mjs}"],
    languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: { "no-control-regex": "error", "no-debugger": "error" },
  },
  {
    files: ["lib/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "cli/**/*.ts"],
    ignores: ["lib/db/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [rawClient, appImports, rawDb, rawDbNames] }] },
  },
  {
    files: instanceLevel,
    rules: { "no-restricted-imports": ["error", { patterns: [rawClient, appImports] }] },
  },
  {
    // tests set up and inspect data across tenants
    files: ["cli/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [rawClient, appImports] }] },
  },
  {
    // unit tests beside the code run once, in the SQLite run of the suite, and touch no database;
    // a test that reads or writes data goes under tests/ (vitest.config.ts runs it on both)
    files: ["lib/**/*.test.ts", "plugins/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [rawClient, appImports, noDataInUnitTests] }] },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [rawClient, dbInTheView] }] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [rawClient, appImports, dbInTheView] }] },
  },
  {
    // a client component cannot run server code: "use client" files import no server-only module
    files: ["components/**/*.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "Program:has(ExpressionStatement[directive='use client']) ImportDeclaration[source.value='server-only']",
          message: "A client component must not import server-only.",
        },
      ],
    },
  },
);
