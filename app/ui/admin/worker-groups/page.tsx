import type { Metadata } from "next";
import { WorkerGroupAdmin } from "@/components/admin/worker-groups/worker-group-admin";
import { instancePage } from "@/lib/auth/page";
import { listTenants } from "@/lib/tenants/tenants";
import { createWorkerGroupAction, deleteWorkerGroupAction, updateWorkerGroupAction } from "@/lib/workers/actions";
import { listWorkerGroups } from "@/lib/workers/groups";

export const metadata: Metadata = { title: "Worker groups" };

export default async function WorkerGroupsAdminPage() {
  // listWorkerGroups refuses anyone but a superadmin (the page answers 404 to them)
  const { data } = await instancePage(async (actor) => {
    const groups = await listWorkerGroups(actor);
    const tenants = await listTenants(actor).catch(() => []);
    return { ...groups, tenants: tenants.map((t) => ({ id: t.id, name: t.name })) };
  });
  return (
    <WorkerGroupAdmin
      groups={data.groups}
      otherWorkers={data.otherWorkers}
      tenants={data.tenants}
      actions={{ create: createWorkerGroupAction, update: updateWorkerGroupAction, remove: deleteWorkerGroupAction }}
    />
  );
}
