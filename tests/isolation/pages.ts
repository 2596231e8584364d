// Every page of the browser UI, in one machine-readable list: what of the target it shows.
// tests/page-list.test.ts fails when an `app/ui/**/page.tsx` (or a namespace page tab) is missing
// here; e2e/isolation-pages.spec.ts requests every entry from the production server as each kind
// of caller who must not see the target (see `expected` there for the status each one gets).
//
// To add a page: one line here, with the kind that says what it shows; if it shows something the
// target does not have yet, seed it in e2e/isolation-pages.spec.ts and add its names to SECRETS
// there. A new namespace tab is one line with its `tab`.

/**
 * - `flows`, `namespaces`: a list filtered to what the caller may read (200 for every member);
 * - `executions`: a list filtered to what the caller may read (executions, the dashboard's counts, Schedule triggers): 200 for every member;
 * - `flow`, `namespace`, `execution`: one thing in the target namespace (404 where the caller cannot read it);
 * - `create`: a form to create something in a namespace; a member who may create nowhere is told
 *   which permission it needs;
 * - `tenant-admin`: a tenant administration page; without `permission` the page says so (the
 *   tenant is theirs) and shows none of it;
 * - `instance`: instance administration (404 to anyone but a superadmin or TENANT:CREATE holder);
 * - `own`: the caller's own things; `redirect`: sends the caller on to a page of theirs;
 * - `missing`: an address no page serves (404 to everyone; a member sees it inside the tenant's frame).
 */
export type PageKind = "flows" | "namespaces" | "executions" | "flow" | "namespace" | "execution" | "create" | "tenant-admin" | "instance" | "own" | "redirect" | "missing";

export type PageEntry = {
  /** the URL; {tenant}, {namespace}, {flow} and {execution} are the target's, {member} a member's username */
  path: string;
  /** the page file under app/ */
  file: string;
  kind: PageKind;
  /** what the page needs; a tenant-admin page names it to those who lack it */
  permission?: string;
};

const NS = "app/ui/[tenant]/namespaces/[namespace]/page.tsx";
const tab = (key: string, permission: string): PageEntry => ({ path: `/ui/{tenant}/namespaces/{namespace}?tab=${key}`, file: NS, kind: "namespace", permission });

export const PAGES: PageEntry[] = [
  { path: "/ui", file: "app/ui/page.tsx", kind: "redirect" },
  { path: "/ui/{tenant}", file: "app/ui/[tenant]/(home)/page.tsx", kind: "executions", permission: "EXECUTION:READ" },
  { path: "/ui/{tenant}/executions", file: "app/ui/[tenant]/executions/(list)/page.tsx", kind: "executions", permission: "EXECUTION:READ" },
  { path: "/ui/{tenant}/executions?namespace={namespace}&state=SUCCESS", file: "app/ui/[tenant]/executions/(list)/page.tsx", kind: "executions", permission: "EXECUTION:READ" },
  { path: "/ui/{tenant}/no-such-page", file: "app/ui/[tenant]/[...missing]/page.tsx", kind: "missing" },
  { path: "/ui/{tenant}/flows", file: "app/ui/[tenant]/flows/(list)/page.tsx", kind: "flows", permission: "FLOW:READ" },
  { path: "/ui/{tenant}/flows?q={flow}", file: "app/ui/[tenant]/flows/(list)/page.tsx", kind: "flows", permission: "FLOW:READ" },
  { path: "/ui/{tenant}/flows?namespace={namespace}", file: "app/ui/[tenant]/flows/(list)/page.tsx", kind: "flows", permission: "FLOW:READ" },
  { path: "/ui/{tenant}/triggers", file: "app/ui/[tenant]/triggers/(list)/page.tsx", kind: "executions", permission: "FLOW:READ" },
  { path: "/ui/{tenant}/triggers?namespace={namespace}&flowId={flow}", file: "app/ui/[tenant]/triggers/(list)/page.tsx", kind: "executions", permission: "FLOW:READ" },
  { path: "/ui/{tenant}/flows/new?namespace={namespace}", file: "app/ui/[tenant]/flows/new/page.tsx", kind: "create", permission: "FLOW:CREATE" },
  { path: "/ui/{tenant}/flows/{namespace}/{flow}", file: "app/ui/[tenant]/flows/[namespace]/[id]/page.tsx", kind: "flow", permission: "FLOW:READ" },
  {
    path: "/ui/{tenant}/executions/{namespace}/{flow}/{execution}",
    file: "app/ui/[tenant]/executions/[namespace]/[flowId]/[executionId]/page.tsx",
    kind: "execution",
    permission: "EXECUTION:READ",
  },
  { path: "/ui/{tenant}/namespaces", file: "app/ui/[tenant]/namespaces/page.tsx", kind: "namespaces", permission: "NAMESPACE:READ" },
  { path: "/ui/{tenant}/namespaces/{namespace}", file: NS, kind: "namespace", permission: "NAMESPACE:READ" },
  tab("flows", "FLOW:READ"),
  tab("variables", "NAMESPACE:READ"),
  tab("plugin-defaults", "NAMESPACE:READ"),
  tab("secrets", "SECRET:READ"),
  tab("kv", "KVSTORE:READ"),
  tab("files", "FLOW:READ"),
  tab("settings", "NAMESPACE:READ"),
  tab("access", "BINDING:READ"),
  { path: "/ui/{tenant}/admin/users", file: "app/ui/[tenant]/admin/users/page.tsx", kind: "tenant-admin", permission: "USER:READ" },
  { path: "/ui/{tenant}/admin/groups", file: "app/ui/[tenant]/admin/groups/page.tsx", kind: "tenant-admin", permission: "GROUP:READ" },
  { path: "/ui/{tenant}/admin/roles", file: "app/ui/[tenant]/admin/roles/page.tsx", kind: "tenant-admin", permission: "ROLE:READ" },
  { path: "/ui/{tenant}/admin/bindings", file: "app/ui/[tenant]/admin/bindings/page.tsx", kind: "tenant-admin", permission: "BINDING:READ" },
  { path: "/ui/{tenant}/admin/secrets", file: "app/ui/[tenant]/admin/secrets/page.tsx", kind: "tenant-admin", permission: "SECRET:READ" },
  { path: "/ui/{tenant}/admin/auditlogs", file: "app/ui/[tenant]/admin/auditlogs/page.tsx", kind: "tenant-admin", permission: "AUDITLOG:READ" },
  { path: "/ui/account/tokens", file: "app/ui/account/tokens/page.tsx", kind: "own" },
  { path: "/ui/account/password", file: "app/ui/account/password/page.tsx", kind: "own" },
  { path: "/ui/admin/tenants", file: "app/ui/admin/tenants/page.tsx", kind: "instance", permission: "TENANT:CREATE" },
  { path: "/ui/admin/users", file: "app/ui/admin/users/page.tsx", kind: "instance", permission: "SUPERADMIN" },
  { path: "/ui/admin/users/{member}", file: "app/ui/admin/users/[username]/page.tsx", kind: "instance", permission: "SUPERADMIN" },
  { path: "/ui/admin/auditlogs", file: "app/ui/admin/auditlogs/page.tsx", kind: "instance", permission: "SUPERADMIN" },
  { path: "/ui/admin/worker-groups", file: "app/ui/admin/worker-groups/page.tsx", kind: "instance", permission: "SUPERADMIN" },
  { path: "/ui/admin/plugins", file: "app/ui/admin/plugins/page.tsx", kind: "instance", permission: "SUPERADMIN" },
];
