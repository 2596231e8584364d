// Test files run in parallel, each vitest worker on a database and a storage root of its own, so a
// test that compares whole tables before and after a refused request sees only the writes of its
// own file. tests/global-setup.ts migrates and bootstraps a template database once and copies it
// for every worker (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL);
// tests/worker-setup.ts points each worker at its copy before a test file loads.

/** The template's URL (vitest.config.ts), from which every worker's database is named. */
export const TEMPLATE_URL_VAR = "TEST_TEMPLATE_DATABASE_URL";
/** The storage root the workers' roots are named from. */
export const TEMPLATE_STORAGE_VAR = "TEST_TEMPLATE_STORAGE_ROOT";
/** How many worker databases global setup makes (vitest's maxWorkers). */
export const WORKERS_VAR = "TEST_WORKERS";

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

/**
 * A test database's commits do not wait for the disk (it needs no durability across a crash of the
 * server): the suite's many small transactions run several times faster. A per-database setting,
 * which CREATE DATABASE ... TEMPLATE does not copy.
 */
export const fastCommits = (name: string) => `ALTER DATABASE "${name}" SET synchronous_commit TO off`;

/** The database name of a PostgreSQL URL. */
export const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/** Worker `n`'s database (1-based, vitest's VITEST_POOL_ID) next to the template. */
export function workerDatabaseUrl(templateUrl: string, n: number): string {
  if (isPostgresUrl(templateUrl)) {
    const u = new URL(templateUrl);
    u.pathname = `/${databaseName(templateUrl)}_w${n}`;
    return u.toString();
  }
  return templateUrl.replace(/(\.db)?$/, `-w${n}.db`);
}

/** Worker `n`'s storage root. */
export const workerStorageRoot = (templateRoot: string, n: number) => `${templateRoot}-w${n}`;
