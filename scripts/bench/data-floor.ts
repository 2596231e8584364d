// The data floor: the flow search's own database work (lib/flows/list.ts searchFlows, the same
// Prisma queries the API route runs), called directly from Node with no HTTP, no authentication
// and no authorization per call (the tenant context is built once, before timing). N concurrent
// async loops, like N connections; prints one JSON line per concurrency level.
//   node bin/tenantflow-script.mjs scripts/bench/data-floor.ts --user U --tenant T --conns 1,8,32 --seconds 5
import { userActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { db, disconnectDb } from "@/lib/db";
import { searchFlows } from "@/lib/flows/list";
import { summarize } from "./stats";

function arg(name: string, fallback: string) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function main() {
  const username = arg("user", "");
  const tenant = arg("tenant", "");
  const conns = arg("conns", "1,8,32").split(",").map(Number);
  const seconds = Number(arg("seconds", "5"));
  const warmup = Number(arg("warmup", "1"));
  const user = await db.user.findUniqueOrThrow({ where: { username } });
  const ctx = await tenantContext(userActor(user, "api"), tenant);
  const query = () => searchFlows(ctx, {}, { page: 1, size: 25 });
  const first = await query();
  if (first.results.length === 0) throw new Error(`${username} sees no flows in ${tenant}`);

  for (const c of conns) {
    const run = async (ms: number, record: number[] | null) => {
      const end = performance.now() + ms;
      await Promise.all(
        Array.from({ length: c }, async () => {
          while (performance.now() < end) {
            const t = performance.now();
            await query();
            record?.push(performance.now() - t);
          }
        }),
      );
    };
    await run(warmup * 1000, null);
    const latencies: number[] = [];
    const started = performance.now();
    await run(seconds * 1000, latencies);
    const elapsed = (performance.now() - started) / 1000;
    process.stdout.write(JSON.stringify({ conns: c, ...summarize(latencies, elapsed), total: first.total }) + "\n");
  }
}

main()
  .then(() => disconnectDb())
  .catch(async (e) => {
    console.error(`data floor: ${e instanceof Error ? e.stack : e}`);
    await disconnectDb();
    process.exit(1);
  });
