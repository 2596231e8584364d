import type { Metadata } from "next";
import { TenantUsers } from "@/components/admin/tenant-users/tenant-users";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { pagingSchema } from "@/lib/api/paging";
import { pageTenant } from "@/lib/auth/page";
import { listTenantUsers } from "@/lib/tenants/access";
import { multiTenancy } from "@/lib/tenants/served";
import { grantAccessAction, revokeAccessAction } from "@/lib/tenants/actions";

export const metadata: Metadata = { title: "Users" };

const PAGE_SIZE = 50;

export default async function TenantUsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const { tenant } = await params;
  const ctx = await pageTenant(tenant, { permission: "USER" });
  const header = <PageHeader title="Users" description={`Users with access to ${ctx.tenant.name}, with their roles and groups.`} />;
  if (ctx.refused) {
    return (
      <>
        {header}
        <EmptyState title="You cannot see this tenant's users">Listing users needs the permission {ctx.refused} in this tenant.</EmptyState>
      </>
    );
  }
  const parsed = pagingSchema.safeParse({ page: (await searchParams).page, size: PAGE_SIZE });
  const paging = parsed.success ? parsed.data : { page: 1, size: PAGE_SIZE };
  const { results, total } = await listTenantUsers(ctx, paging);
  // with multi-tenancy off every user has access implicitly: nothing to grant or revoke
  const explicitAccess = multiTenancy().enabled;
  return (
    <>
      {header}
      <TenantUsers
        tenant={ctx.tenantId}
        tenantName={ctx.tenant.name}
        users={results}
        page={paging.page}
        pages={Math.max(1, Math.ceil(total / PAGE_SIZE))}
        canGrant={explicitAccess && ctx.can("USER", "CREATE")}
        canRevoke={explicitAccess && ctx.can("USER", "DELETE")}
        currentUsername={ctx.actor.username}
        actions={{ grant: grantAccessAction, revoke: revokeAccessAction }}
      />
    </>
  );
}
