#!/usr/bin/env node
// prisma/postgresql/schema.prisma is the one you edit; prisma/sqlite/schema.prisma
// is derived from it (Prisma needs a literal provider per schema, and each
// provider gets its own generated client and migration history).
// `node scripts/sync-schemas.mjs --check` fails if the copy is stale (for CI).
import fs from "node:fs";

const src = fs.readFileSync("prisma/postgresql/schema.prisma", "utf8");
const out =
  "// GENERATED from prisma/postgresql/schema.prisma by scripts/sync-schemas.mjs: do not edit\n" +
  src
    .replace(/provider\s*=\s*"postgresql"/, 'provider = "sqlite"')
    .replace('output   = "../../generated/postgresql"', 'output   = "../../generated/sqlite"');
if (/@db\.|\b(String|Int|BigInt|Float|Decimal|Boolean|DateTime|Json|Bytes)\[\]/.test(src)) {
  console.error("warning: schema uses PostgreSQL-only features (native @db types / scalar lists)");
}
const dst = "prisma/sqlite/schema.prisma";
fs.mkdirSync("prisma/sqlite", { recursive: true });
const cur = fs.existsSync(dst) ? fs.readFileSync(dst, "utf8") : "";
if (process.argv.includes("--check")) {
  if (cur !== out) {
    console.error(`${dst} is stale: run node scripts/sync-schemas.mjs`);
    process.exit(1);
  }
} else if (cur !== out) {
  fs.writeFileSync(dst, out);
  console.log(`wrote ${dst}`);
}
