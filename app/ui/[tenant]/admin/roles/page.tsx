import type { Metadata } from "next";
import { NotAllowed } from "@/components/rbac/not-allowed";
import { RolesAdmin } from "@/components/rbac/roles-admin";
import { PageHeader } from "@/components/ui/page-header";
import { pageTenant } from "@/lib/auth/page";
import { abilities } from "@/lib/rbac/abilities";
import { listBindings } from "@/lib/rbac/bindings";
import { listRoles } from "@/lib/rbac/roles";
import { createRoleAction, deleteRoleAction, updateRoleAction } from "@/lib/rbac/actions";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  const ctx = await pageTenant(tenant, { permission: "ROLE" });
  const can = abilities(ctx, "ROLE");
  if (ctx.refused) {
    return (
      <>
        <PageHeader title="Roles" />
        <NotAllowed permission={ctx.refused} what="roles" tenantName={ctx.tenant.name} />
      </>
    );
  }
  const [roles, bindings] = await Promise.all([
    listRoles(ctx),
    abilities(ctx, "BINDING").read ? listBindings(ctx) : null,
  ]);
  return (
    <RolesAdmin
      tenant={ctx.tenantId}
      initialRoles={roles}
      initialBindings={bindings}
      can={can}
      actions={{ create: createRoleAction, update: updateRoleAction, remove: deleteRoleAction }}
    />
  );
}
