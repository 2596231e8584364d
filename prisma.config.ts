import { defineConfig } from "prisma/config";

// Which schema the prisma CLI looks at by default: chosen by DATABASE_URL.
const isPg = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const provider = isPg ? "postgresql" : "sqlite";

export default defineConfig({
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  datasource: { url: process.env.DATABASE_URL || "file:./data/tenantflow.db" },
});
