import { redirect } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { EmptyState } from "@/components/ui/empty-state";
import { pageActor } from "@/lib/auth/page";
import { multiTenancy } from "@/lib/tenants/served";
import { navFor } from "@/lib/ui/nav";
import { preferredTenant } from "@/lib/ui/last-tenant";

export default async function UiHome() {
  const actor = await pageActor();
  const { tenants, preferred } = await preferredTenant(actor);
  if (preferred) redirect(`/ui/${preferred}/flows`);
  return (
    <AppShell actor={actor} tenants={tenants} currentTenant={null} multiTenancy={multiTenancy().enabled} nav={navFor(actor, null, null)}>
      <EmptyState title="You have no access to any tenant yet">
        Ask an administrator to grant you access to a tenant.
        {actor.canCreateTenant && multiTenancy().enabled && " You can also create one under Instance → Tenants."}
      </EmptyState>
    </AppShell>
  );
}
