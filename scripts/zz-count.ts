import { userActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { inScope } from "@/lib/authz/scope";
import { db, Prisma } from "@/lib/db";
import { searchFlows } from "@/lib/flows/list";
const bench = async (label: string, f: () => Promise<unknown>, n = 1500) => {
  for (let i = 0; i < 200; i++) await f();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await f();
  console.log(label.padEnd(40), (Number(process.hrtime.bigint() - t) / 1e6 / n).toFixed(3), "ms");
};
for (const who of ["bench-scoped@bench.tenantflow.dev", "bench-admin@bench.tenantflow.dev"]) {
  const user = await db.user.findUniqueOrThrow({ where: { username: who } });
  const ctx = await tenantContext(userActor(user, "api"), "t000");
  const scope = ctx.scope("FLOW", "READ");
  console.log(who, scope.all ? "all" : scope.prefixes.length + " prefixes", (await searchFlows(ctx, {}, { page: 1, size: 25 })).total);
  await bench("searchFlows", () => searchFlows(ctx, {}, { page: 1, size: 25 }));
  const tenant = Prisma.sql`"tenantId" = ${"t000"} AND "deleted" = false`;
  const countFlows = scope.all
    ? Prisma.sql`SELECT COUNT(*) AS "n" FROM "Flow" WHERE ${tenant}`
    : Prisma.sql`SELECT SUM("n") AS "n" FROM (${inScope({ table: "Flow", column: "namespace", prefixes: scope.prefixes, where: tenant, select: Prisma.sql`COUNT(*) AS "n"` })}) AS "c"`;
  const ctab = Prisma.sql`"tenantId" = ${"t000"}`;
  const countTable = scope.all
    ? Prisma.sql`SELECT SUM("flows") AS "n" FROM "NamespaceFlowCount" WHERE ${ctab}`
    : Prisma.sql`SELECT SUM("n") AS "n" FROM (${inScope({ table: "NamespaceFlowCount", column: "namespace", prefixes: scope.prefixes, where: ctab, select: Prisma.sql`SUM("flows") AS "n"` })}) AS "c"`;
  console.log("counts", (await ctx.db.$queryRaw<any[]>(countFlows))[0].n, (await ctx.db.$queryRaw<any[]>(countTable))[0].n);
  await bench("count over Flow", () => ctx.db.$queryRaw(countFlows));
  await bench("count over NamespaceFlowCount", () => ctx.db.$queryRaw(countTable));
}
process.exit(0);
