// The seeding thread of one Playwright worker: loads the product's data layer once (TypeScript and
// `@/` paths through tsx, `server-only` satisfied by the react-server condition the thread is
// started with) and answers seeder.ts's requests one at a time. Each answer is posted on the reply
// port before the shared flag is raised, so a caller blocked in Atomics.wait can read it at once.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

const { reply, flag } = workerData;
register();
const ready = import(new URL("./seed.ts", import.meta.url).href);

async function handle(req) {
  const seed = await ready;
  if (req.op === "seed") return seed.seedWorld(req.spec, req.suffix);
  if (req.op === "secret-backend") return seed.setTenantSecretBackend(req.tenantId, req.setting);
  if (req.op === "close") return seed.disconnectDb();
  throw new Error(`unknown seeding request ${req.op}`);
}

parentPort.on("message", async (req) => {
  let answer;
  try {
    answer = { result: (await handle(req)) ?? null };
  } catch (e) {
    // a refusal's details (which field, why) help more than its message alone
    const details = e?.details?.length ? `\n${JSON.stringify(e.details)}` : "";
    answer = { error: String(e?.stack ?? e) + details };
  }
  reply.postMessage({ id: req.id, ...answer });
  Atomics.store(flag, 0, req.id);
  Atomics.notify(flag, 0);
});
