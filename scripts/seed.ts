// Demo data so a new user can explore at once: two tenants with nested namespaces, flows and one
// user per managed role. Refuses a database that already holds flows, or a remote PostgreSQL.
//   TENANTS_ENABLED=true npm run db:seed
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { bootstrap } from "@/lib/bootstrap";
import { config, isPostgres } from "@/lib/config";
import { db, disconnectDb } from "@/lib/db";
import { createFlow } from "@/lib/flows/flows";
import { createNamespace } from "@/lib/namespaces/namespaces";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { multiTenancy } from "@/lib/tenants/served";
import { createTenant } from "@/lib/tenants/tenants";
import { createUser } from "@/lib/users/users";

const PASSWORD = "demo-password";
const ROLES = ["Admin", "Developer", "Editor", "Launcher", "Viewer"] as const;

const flows = (prefix: string) => [
  {
    namespace: `${prefix}`,
    source: `id: hello_world
namespace: ${prefix}
description: The first flow everyone writes
tasks:
  - id: log_task
    type: io.kestra.plugin.core.log.Log
    message: hi from {{ flow.namespace }}
`,
  },
  {
    namespace: `${prefix}.team`,
    source: `id: daily_report
namespace: ${prefix}.team
description: Builds and publishes the daily report
labels:
  team: data
  tier: gold
triggers:
  - id: every_morning
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 7 * * *"
tasks:
  - id: collect
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - id: sales
        type: io.kestra.plugin.core.log.Log
        message: collecting sales
      - id: stock
        type: io.kestra.plugin.core.log.Log
        message: collecting stock
  - id: publish
    type: io.kestra.plugin.core.debug.Return
    format: "report for {{ trigger.date ?? execution.startDate }}"
`,
  },
  {
    namespace: `${prefix}.team.analytics`,
    source: `id: churn_model
namespace: ${prefix}.team.analytics
description: Scores customers by churn risk
inputs:
  - id: threshold
    type: FLOAT
    defaults: 0.7
tasks:
  - id: check
    type: io.kestra.plugin.core.flow.If
    condition: "{{ inputs.threshold > 0.5 }}"
    then:
      - id: strict
        type: io.kestra.plugin.core.log.Log
        message: strict scoring
    else:
      - id: lenient
        type: io.kestra.plugin.core.log.Log
        message: lenient scoring
`,
  },
  {
    namespace: `${prefix}.marketing`,
    source: `id: campaign_sync
namespace: ${prefix}.marketing
description: Syncs campaign results
labels:
  team: marketing
tasks:
  - id: by_channel
    type: io.kestra.plugin.core.flow.Switch
    value: "{{ inputs.channel ?? 'email' }}"
    cases:
      email:
        - id: email
          type: io.kestra.plugin.core.log.Log
          message: email results
    defaults:
      - id: other
        type: io.kestra.plugin.core.log.Log
        message: other channel
`,
  },
  {
    namespace: `${prefix}.finance.reports`,
    source: `id: month_end
namespace: ${prefix}.finance.reports
description: Month-end close checklist
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT1S
  - id: done
    type: io.kestra.plugin.core.log.Log
    message: books closed
`,
  },
];

async function seedTenant(tenantId: string, prefix: string, suffix: string) {
  const ctx = await tenantContext(cliActor(), tenantId);
  await createNamespace(ctx, { name: prefix, description: `Everything ${prefix} runs` });
  await createNamespace(ctx, { name: `${prefix}.team`, description: "The data team" });
  for (const f of flows(prefix)) await createFlow(ctx, f.source);
  const created: string[] = [];
  for (const role of ROLES) {
    const username = `${role.toLowerCase()}${suffix}@demo.tenantflow.dev`;
    const existing = await db.user.findUnique({ where: { username } });
    if (!existing) await createUser(cliActor(), { username, password: PASSWORD, displayName: `${role} (${tenantId})` });
    if (multiTenancy().enabled) await grantAccess(ctx, username);
    await createBinding(ctx, { user: username, role, namespace: role === "Developer" ? `${prefix}.team` : null });
    created.push(`${username} (${role}${role === "Developer" ? ` on ${prefix}.team` : ""})`);
  }
  return created;
}

async function main() {
  const url = config().databaseUrl;
  if (isPostgres(url) && !/@(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(url)) {
    throw new Error("refusing to seed demo data into a remote PostgreSQL database");
  }
  if ((await db.flow.count()) > 0) throw new Error("this database already holds flows: demo data goes into a new instance only");
  const first = await bootstrap();
  if (first.admin?.password) console.log(`first administrator: ${first.admin.username} / ${first.admin.password} (shown once)`);
  const lines = [`tenant main (Default tenant):`, ...(await seedTenant("main", "company", ""))];
  if (multiTenancy().enabled) {
    await createTenant(cliActor(), { id: "acme", name: "Acme Corp", description: "A second, isolated tenant" });
    lines.push("tenant acme (Acme Corp):", ...(await seedTenant("acme", "acme", ".acme")));
  } else {
    lines.push("(multi-tenancy is off: set TENANTS_ENABLED=true to seed the second tenant too)");
  }
  console.log(lines.join("\n  "));
  console.log(`password for every demo user: ${PASSWORD}`);
}

main()
  .then(() => disconnectDb())
  .catch(async (e) => {
    console.error(`error: ${e instanceof Error ? e.message : e}`);
    await disconnectDb();
    process.exit(1);
  });
