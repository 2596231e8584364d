import type { Metadata } from "next";
import { GroupsAdmin } from "@/components/rbac/groups-admin";
import { NotAllowed } from "@/components/rbac/not-allowed";
import { USER_CHOICES } from "@/lib/rbac/types";
import { PageHeader } from "@/components/ui/page-header";
import { pageTenant } from "@/lib/auth/page";
import { abilities } from "@/lib/rbac/abilities";
import { listBindings } from "@/lib/rbac/bindings";
import { listGroups } from "@/lib/rbac/groups";
import { listTenantUsers } from "@/lib/tenants/access";
import { createGroupAction, deleteGroupAction, updateGroupAction } from "@/lib/rbac/actions";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  const ctx = await pageTenant(tenant, { permission: "GROUP" });
  const can = abilities(ctx, "GROUP");
  if (ctx.refused) {
    return (
      <>
        <PageHeader title="Groups" />
        <NotAllowed permission={ctx.refused} what="groups" tenantName={ctx.tenant.name} />
      </>
    );
  }
  const [groups, bindings, users] = await Promise.all([
    listGroups(ctx),
    abilities(ctx, "BINDING").read ? listBindings(ctx) : null,
    abilities(ctx, "USER").read ? listTenantUsers(ctx, { page: 1, size: USER_CHOICES }) : null,
  ]);
  return (
    <GroupsAdmin
      tenant={ctx.tenantId}
      initialGroups={groups}
      initialBindings={bindings}
      initialUsers={users}
      can={can}
      actions={{ create: createGroupAction, update: updateGroupAction, remove: deleteGroupAction }}
    />
  );
}
