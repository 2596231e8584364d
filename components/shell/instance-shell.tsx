import { pageActor } from "@/lib/auth/page";
import { multiTenancy } from "@/lib/tenants/served";
import { navFor } from "@/lib/ui/nav";
import { preferredTenant } from "@/lib/ui/last-tenant";
import { AppShell } from "./app-shell";

/** The shell of pages outside any tenant (instance administration, the user's account). */
export async function InstanceShell({ children }: { children: React.ReactNode }) {
  const actor = await pageActor();
  const { tenants, preferred } = await preferredTenant(actor);
  return (
    <AppShell actor={actor} tenants={tenants} currentTenant={null} lastTenant={preferred} multiTenancy={multiTenancy().enabled} nav={navFor(actor, null, preferred)}>
      {children}
    </AppShell>
  );
}
