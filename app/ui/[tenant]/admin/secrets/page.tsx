import type { Metadata } from "next";
import { NotAllowed } from "@/components/rbac/not-allowed";
import { SecretsPanel } from "@/components/secrets/secrets-panel";
import { PageHeader } from "@/components/ui/page-header";
import { pageTenant } from "@/lib/auth/page";
import { abilities } from "@/lib/rbac/abilities";
import { listTenantSecrets, secretBackend } from "@/lib/secrets/secrets";
import { createSecretAction, deleteSecretAction, replaceSecretAction } from "@/lib/secrets/actions";

export const metadata: Metadata = { title: "Secrets" };

export default async function TenantSecretsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  const ctx = await pageTenant(tenant, { permission: "SECRET", tenantWide: true });
  const can = abilities(ctx, "SECRET");
  const header = (
    <PageHeader
      title="Secrets"
      description={`Tenant-level secrets of ${ctx.tenant.name}: every namespace inherits them. Namespaces keep their own on their Secrets tab.`}
    />
  );
  if (ctx.refused) {
    return (
      <>
        {header}
        <NotAllowed permission={ctx.refused} what="the tenant's secrets" tenantName={ctx.tenant.name} />
      </>
    );
  }
  const [initial, backend] = await Promise.all([listTenantSecrets(ctx), secretBackend(ctx, null)]);
  return (
    <>
      {header}
      <SecretsPanel
        tenant={ctx.tenantId}
        namespace={null}
        initial={initial}
        backend={backend}
        can={can}
        actions={{ create: createSecretAction, replace: replaceSecretAction, remove: deleteSecretAction }}
      />
    </>
  );
}
