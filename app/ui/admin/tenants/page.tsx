import type { Metadata } from "next";
import { TenantAdmin } from "@/components/admin/tenants/tenant-admin";
import { instancePage } from "@/lib/auth/page";
import { listTenants } from "@/lib/tenants/tenants";
import { addTenantAdminAction, createTenantAction, deleteTenantAction, restoreTenantAction, updateTenantAction } from "@/lib/tenants/actions";

export const metadata: Metadata = { title: "Tenants" };

export default async function TenantsAdminPage() {
  // listTenants refuses those without TENANT:CREATE and answers 404 with multi-tenancy off
  const { actor, data: tenants } = await instancePage((actor) => listTenants(actor, { includeDeleted: true }));
  return (
    <TenantAdmin
      tenants={tenants}
      superadmin={actor.superadmin}
      actions={{
        create: createTenantAction,
        update: updateTenantAction,
        remove: deleteTenantAction,
        restore: restoreTenantAction,
        addAdmin: addTenantAdminAction,
      }}
    />
  );
}
