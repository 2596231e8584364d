import "server-only";
import type { Actor } from "../authz/actor";
import type { TenantContext } from "../authz/context";
import { multiTenancy } from "../tenants/served";

type Item = { href: string; label: string };

/** The sidebar: only the sections the user may open. */
export function navFor(actor: Actor, ctx: TenantContext | null, fallbackTenant: string | null) {
  const t = ctx?.tenantId ?? fallbackTenant;
  const sections: { title: string; items: Item[] }[] = [];
  if (t) {
    sections.push({
      title: "Workspace",
      items: [
        ...(ctx?.canSomewhere("EXECUTION", "READ") ? [{ href: `/ui/${t}`, label: "Dashboard" }] : []),
        { href: `/ui/${t}/flows`, label: "Flows" },
        ...(ctx?.canSomewhere("EXECUTION", "READ") ? [{ href: `/ui/${t}/executions`, label: "Executions" }] : []),
        ...(ctx?.canSomewhere("FLOW", "READ") ? [{ href: `/ui/${t}/triggers`, label: "Triggers" }] : []),
        { href: `/ui/${t}/namespaces`, label: "Namespaces" },
      ],
    });
  }
  if (ctx) {
    const admin: Item[] = [];
    const base = `/ui/${ctx.tenantId}/admin`;
    if (ctx.can("USER", "READ")) admin.push({ href: `${base}/users`, label: "Users" });
    if (ctx.can("GROUP", "READ")) admin.push({ href: `${base}/groups`, label: "Groups" });
    if (ctx.can("ROLE", "READ")) admin.push({ href: `${base}/roles`, label: "Roles" });
    if (ctx.can("BINDING", "READ")) admin.push({ href: `${base}/bindings`, label: "Bindings" });
    if (ctx.can("SECRET", "READ")) admin.push({ href: `${base}/secrets`, label: "Secrets" });
    if (ctx.canSomewhere("AUDITLOG", "READ")) admin.push({ href: `${base}/auditlogs`, label: "Audit logs" });
    sections.push({ title: "Tenant administration", items: admin });
  }
  const instance: Item[] = [];
  if (multiTenancy().enabled && actor.canCreateTenant) instance.push({ href: "/ui/admin/tenants", label: "Tenants" });
  if (actor.superadmin) instance.push({ href: "/ui/admin/users", label: "Instance users" });
  if (actor.superadmin) instance.push({ href: "/ui/admin/worker-groups", label: "Worker groups" });
  if (actor.superadmin) instance.push({ href: "/ui/admin/plugins", label: "Plugins" });
  if (actor.superadmin) instance.push({ href: "/ui/admin/auditlogs", label: "Instance audit log" });
  sections.push({ title: "Instance", items: instance });
  sections.push({ title: "Account", items: [{ href: "/ui/account/tokens", label: "API tokens" }] });
  return sections;
}
