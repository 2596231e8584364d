import type { Metadata } from "next";
import { BindingsAdmin } from "@/components/rbac/bindings-admin";
import { NotAllowed } from "@/components/rbac/not-allowed";
import { USER_CHOICES } from "@/lib/rbac/types";
import { PageHeader } from "@/components/ui/page-header";
import { pageTenant } from "@/lib/auth/page";
import { listNamespaces } from "@/lib/namespaces/list";
import { abilities } from "@/lib/rbac/abilities";
import { listBindings } from "@/lib/rbac/bindings";
import { listGroups } from "@/lib/rbac/groups";
import { listRoles } from "@/lib/rbac/roles";
import { listTenantUsers } from "@/lib/tenants/access";
import { createBindingAction, deleteBindingAction } from "@/lib/rbac/actions";

export const metadata: Metadata = { title: "Bindings" };

export default async function BindingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  const ctx = await pageTenant(tenant, { permission: "BINDING" });
  const can = abilities(ctx, "BINDING");
  if (ctx.refused) {
    return (
      <>
        <PageHeader title="Bindings" />
        <NotAllowed permission={ctx.refused} what="bindings" tenantName={ctx.tenant.name} />
      </>
    );
  }
  // the pickers offer what the user may read; what they may not becomes a text box
  const [bindings, roles, groups, users, namespaces] = await Promise.all([
    listBindings(ctx),
    abilities(ctx, "ROLE").read ? listRoles(ctx) : null,
    abilities(ctx, "GROUP").read ? listGroups(ctx) : null,
    abilities(ctx, "USER").read ? listTenantUsers(ctx, { page: 1, size: USER_CHOICES }) : null,
    can.create ? listNamespaces(ctx) : [],
  ]);
  return (
    <BindingsAdmin
      tenant={ctx.tenantId}
      initialBindings={bindings}
      initialRoles={roles}
      initialGroups={groups}
      initialUsers={users}
      namespaces={namespaces}
      can={can}
      actions={{ create: createBindingAction, remove: deleteBindingAction }}
    />
  );
}
