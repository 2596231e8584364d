#!/usr/bin/env node
// Offline replacement for `prisma migrate deploy|dev`, `prisma db push` and
// `prisma migrate diff --from-empty --script`, using Prisma's own WebAssembly
// schema engine (@prisma/schema-engine-wasm) through a driver adapter, so no
// native schema-engine binary (downloaded from binaries.prisma.sh) is needed.
//
// usage:
//   node scripts/db-migrate.mjs deploy                  # apply pending migrations
//   node scripts/db-migrate.mjs dev --name <name>       # create (+apply) a new migration from the schema
//   node scripts/db-migrate.mjs push [--force]          # db push (no migration files)
//   node scripts/db-migrate.mjs diff                    # print SQL: empty -> schema
//   node scripts/db-migrate.mjs status                  # diagnose migration history
// env: DATABASE_URL (file:... => SQLite, postgres(ql)://... => PostgreSQL)
//      PRISMA_SCHEMA, PRISMA_MIGRATIONS to override the provider's default paths.
import fs from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

const url = process.env.DATABASE_URL || "file:./data/tenantflow.db";
const isPg = /^postgres(ql)?:\/\//.test(url);
const provider = isPg ? "postgresql" : "sqlite";
const schemaPath = path.resolve(root, process.env.PRISMA_SCHEMA ?? `prisma/${provider}/schema.prisma`);
const migrationsDir = path.resolve(root, process.env.PRISMA_MIGRATIONS ?? `prisma/${provider}/migrations`);

// @prisma/adapter-pg 7.10 cannot map PostgreSQL's internal one-byte "char"
// type (OID 18), which the schema engine's catalog queries return
// (pg_class.relkind, pg_constraint.contype, ...): it fails with "Column type
// 'char' could not be deserialized". Report such columns as text (OID 25);
// pg hands their values over as strings anyway.
async function pgFactory(connectionString) {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pg = (await import("pg")).default;
  const fix = (res) => {
    for (const r of Array.isArray(res) ? res : [res])
      for (const f of r?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
    return res;
  };
  const patch = (client) => {
    if (!client.__charFix) {
      const q = client.query.bind(client);
      client.query = (...a) => (typeof a[a.length - 1] === "function" ? q(...a) : q(...a).then(fix));
      client.__charFix = true;
    }
    return client;
  };
  class CharSafePool extends pg.Pool {
    query(...a) {
      return typeof a[a.length - 1] === "function" ? super.query(...a) : super.query(...a).then(fix);
    }
    connect(...a) {
      return typeof a[0] === "function" ? super.connect(...a) : super.connect().then(patch);
    }
  }
  // The adapter splits a migration script on every ";", even inside a quoted function body; send
  // the script whole instead (PostgreSQL runs a multi-statement query as one transaction).
  const wholeScripts = (adapter) => {
    adapter.executeScript = async (script) => {
      try {
        await adapter.client.query(script);
      } catch (error) {
        adapter.onError(error);
      }
    };
    return adapter;
  };
  const factory = new PrismaPg(new CharSafePool({ connectionString }), { disposeExternalPool: true });
  const connect = factory.connect.bind(factory);
  const connectShadow = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => wholeScripts(await connect());
  factory.connectToShadowDb = async () => wholeScripts(await connectShadow());
  return factory;
}

async function makeAdapterFactory() {
  if (isPg) return pgFactory(url);
  const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
  // relative file: URLs are resolved against the project root (where prisma.config.ts lives)
  let file = url.replace(/^file:/, "");
  if (!path.isAbsolute(file)) file = path.resolve(root, file);
  await fs.mkdir(path.dirname(file), { recursive: true });
  return new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 30_000 });
}

// Names of the migrations already applied, read without the schema engine (which takes a write
// lock even when there is nothing to do, and so waits behind another running instance); null when
// the history table does not exist yet.
async function appliedMigrations() {
  const sql = `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  try {
    if (isPg) {
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return new Set((await client.query(sql)).rows.map((r) => r.migration_name));
      } finally {
        await client.end();
      }
    }
    let file = url.replace(/^file:/, "");
    if (!path.isAbsolute(file)) file = path.resolve(root, file);
    const Database = require("better-sqlite3");
    const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 30_000 });
    try {
      return new Set(db.prepare(sql).all().map((r) => r.migration_name));
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

async function loadEngineClass() {
  // the package's exports map hides package.json; resolve its main file instead
  const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
  const runtime = await import(path.join(pkgDir, "schema_engine_bg.js"));
  const bytes = await fs.readFile(path.join(pkgDir, "schema_engine_bg.wasm"));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    "./schema_engine_bg.js": runtime,
  });
  runtime.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return runtime.SchemaEngine;
}

async function listMigrations() {
  const lockPath = "migration_lock.toml";
  const lockContent = await fs.readFile(path.join(migrationsDir, lockPath), "utf8").catch(() => null);
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const dirs = [];
  for (const e of entries.filter((x) => x.isDirectory())) {
    const content = await fs
      .readFile(path.join(migrationsDir, e.name, "migration.sql"), "utf8")
      .then((value) => ({ tag: "ok", value }))
      .catch((err) => ({ tag: "error", value: err.message }));
    dirs.push({ path: e.name, migrationFile: { path: "migration.sql", content } });
  }
  dirs.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockPath, content: lockContent },
    migrationDirectories: dirs,
    shadowDbInitScript: "",
  };
}

// A throw-away database to replay the migration history into.
async function openShadow(SchemaEngine, schemaPath, schemaContent) {
  let factory;
  let cleanup = async () => {};
  if (isPg) {
    let shadowUrl = process.env.SHADOW_DATABASE_URL;
    if (!shadowUrl) {
      // create a temporary database next to the main one (needs CREATEDB)
      const pg = (await import("pg")).default;
      const name = `prisma_shadow_${process.pid}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const u = new URL(url);
      u.pathname = "/" + name;
      shadowUrl = u.toString();
      cleanup = async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      };
    }
    factory = await pgFactory(shadowUrl);
  } else {
    const os = await import("node:os");
    const file = path.join(os.tmpdir(), `prisma-shadow-${process.pid}-${Date.now()}.db`);
    const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
    factory = new PrismaBetterSqlite3({ url: `file:${file}` });
    cleanup = async () => {
      for (const f of [file, file + "-journal", file + "-wal", file + "-shm"]) await fs.rm(f, { force: true });
    };
  }
  const engine = await SchemaEngine.new(
    { datamodels: [[schemaPath, schemaContent]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    async dispose() {
      engine.free?.();
      await cleanup();
    },
  };
}

const filters = { externalTables: [], externalEnums: [] };

async function main() {
  const [cmd = "deploy", ...args] = process.argv.slice(2);
  if (cmd === "deploy") {
    const applied = await appliedMigrations();
    const pending = (await listMigrations()).migrationDirectories.filter((d) => !applied?.has(d.path));
    if (applied && pending.length === 0) {
      console.log("No pending migrations to apply.");
      return;
    }
  }
  const schemaContent = await fs.readFile(schemaPath, "utf8");
  const schema = { files: [{ path: schemaPath, content: schemaContent }] };
  const SchemaEngine = await loadEngineClass();
  const adapter = bindMigrationAwareSqlAdapterFactory(await makeAdapterFactory());
  const debug = process.env.DEBUG_SCHEMA_ENGINE ? (m) => console.error("[schema-engine]", m) : () => {};
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schemaContent]] }, debug, adapter);
  try {
    switch (cmd) {
      case "deploy": {
        const migrationsList = await listMigrations();
        const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters });
        console.log(
          appliedMigrationNames.length
            ? `Applied ${appliedMigrationNames.length} migration(s): ${appliedMigrationNames.join(", ")}`
            : "No pending migrations to apply.",
        );
        break;
      }
      case "dev": {
        // The wasm engine cannot open a shadow database by itself, so we do what
        // `migrate dev` does by hand: replay the existing migrations into a
        // throw-away database, diff that against the schema, write the SQL as a
        // new migration, then apply pending migrations to the real database.
        const nameIdx = args.indexOf("--name");
        const migrationName = (nameIdx >= 0 ? args[nameIdx + 1] : "migration").replace(/[^A-Za-z0-9_]/g, "_");
        const draft = args.includes("--create-only");
        const shadow = await openShadow(SchemaEngine, schemaPath, schemaContent);
        let script;
        try {
          await shadow.engine.applyMigrations({ migrationsList: await listMigrations(), filters });
          const out = await shadow.engine.diff({
            from: { tag: "schemaDatasource", files: schema.files, configDir: root },
            to: { tag: "schemaDatamodel", ...schema },
            script: true,
            exitCode: null,
            shadowDatabaseUrl: null,
            filters,
          });
          script = out.stdout ?? "";
        } finally {
          await shadow.dispose();
        }
        if (!script.trim() || /^-- This is an empty migration\.\s*$/.test(script.trim())) {
          console.log("Schema and migration history are in sync, no migration created.");
        } else {
          const d = new Date();
          const ts = d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
          const dirName = `${ts}_${migrationName}`;
          await fs.mkdir(path.join(migrationsDir, dirName), { recursive: true });
          await fs.writeFile(path.join(migrationsDir, dirName, "migration.sql"), script);
          await fs.writeFile(
            path.join(migrationsDir, "migration_lock.toml"),
            `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
          );
          console.log(`Created migration ${dirName}`);
        }
        if (!draft) {
          const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: await listMigrations(), filters });
          console.log(`Applied: ${appliedMigrationNames.join(", ") || "(none pending)"}`);
        }
        break;
      }
      case "push": {
        const out = await engine.schemaPush({ force: args.includes("--force"), schema, filters });
        if (out.unexecutable.length) throw new Error("Unexecutable: " + out.unexecutable.join("\n"));
        if (out.warnings.length && !args.includes("--force"))
          throw new Error("Data loss warnings (use --force): " + out.warnings.join("\n"));
        console.log(`db push: executed ${out.executedSteps} step(s)`);
        break;
      }
      case "diff": {
        const out = await engine.diff({
          from: { tag: "empty" },
          to: { tag: "schemaDatamodel", ...schema },
          script: true,
          exitCode: null,
          shadowDatabaseUrl: null,
          filters,
        });
        process.stdout.write(out.stdout ?? "");
        break;
      }
      case "status": {
        const migrationsList = await listMigrations();
        const out = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters });
        console.log(JSON.stringify(out, null, 2));
        break;
      }
      default:
        throw new Error(`unknown command ${cmd}`);
    }
  } finally {
    engine.free?.();
  }
}

main().then(
  // driver pools keep idle connections open for a while; don't wait for them
  () => process.exit(0),
).catch((e) => {
  console.error(e?.message ?? e);
  process.exit(1);
});
