import { AppShell } from "@/components/shell/app-shell";
import { RememberTenant } from "@/components/shell/remember-tenant";
import { ServerPluginGroups } from "@/components/shell/server-plugin-groups";
import { pageTenant } from "@/lib/auth/page";
import { accessibleTenants } from "@/lib/tenants/access";
import { multiTenancy } from "@/lib/tenants/served";
import { navFor } from "@/lib/ui/nav";
import { registeredGroups } from "@/lib/plugins/registry";

export default async function TenantLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ tenant: string }>;
}) {
  const { tenant } = await params;
  const ctx = await pageTenant(tenant);
  const tenants = await accessibleTenants(ctx.actor);
  return (
    <AppShell
      actor={ctx.actor}
      tenants={tenants}
      currentTenant={ctx.tenantId}
      multiTenancy={multiTenancy().enabled}
      nav={navFor(ctx.actor, ctx, null)}
    >
      <RememberTenant tenant={ctx.tenantId} />
      <ServerPluginGroups groups={registeredGroups()} />
      {children}
    </AppShell>
  );
}
