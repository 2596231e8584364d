// Starts executions of a one-task flow, one after the other, on the database of DATABASE_URL, until
// SIGTERM: a tenant, its admin and the flow first, then `startExecution` (the API's domain function)
// in a loop. Each answer is one line on stdout: `accepted <id>` for a start that was answered with
// an execution, `refused <message>` for one that failed (the database is away). Prints `ready` once
// the flow is saved and `done` when it stops.
import { userActor } from "@/lib/authz/actor";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { disconnectDb } from "@/lib/db";
import { startExecution } from "@/lib/executions/executions";
import { createFlow } from "@/lib/flows/flows";
import { createTenant } from "@/lib/tenants/tenants";
import { createUser } from "@/lib/users/users";

const FLOW = `id: steady
namespace: faults
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "line {{ taskrun.id }}"
  - id: ret
    type: io.kestra.plugin.core.debug.Return
    format: "{{ execution.id }}"
`;

let stopping = false;
process.on("SIGTERM", () => (stopping = true));
const say = (line: string) => process.stdout.write(line.replace(/\s+/g, " ") + "\n");

async function main() {
  const suffix = process.pid.toString(36);
  const user = await createUser(cliActor(), { username: `starter-${suffix}@example.com`, password: "correct-horse-battery" });
  const tenant = await createTenant(cliActor(), { id: `faults-${suffix}`, name: "Faults" }, { adminUserId: user.id });
  const ctx = await tenantContext(userActor(user, "api"), tenant.id);
  await createFlow(ctx, FLOW);
  say(`ready ${tenant.id}`);
  while (!stopping) {
    try {
      const e = await startExecution(ctx, { namespace: "faults", flowId: "steady", inputs: {}, trigger: { kind: "api" } });
      say(`accepted ${e.id}`);
    } catch (e) {
      say(`refused ${e instanceof Error ? e.message : String(e)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  say("done");
  await disconnectDb();
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
