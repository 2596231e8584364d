import type { Metadata } from "next";
import { InstanceUsers } from "@/components/admin/users/instance-users";
import { instancePage } from "@/lib/auth/page";
import { listInstanceUsers } from "@/lib/users/users";
import { createUserAction, setCanCreateTenantAction, setDisabledAction, setSuperadminAction } from "@/lib/users/actions";

export const metadata: Metadata = { title: "Instance users" };

export default async function InstanceUsersPage() {
  // listInstanceUsers refuses anyone but a superadmin: they get the not-found page
  const { actor, data: users } = await instancePage(listInstanceUsers);
  return (
    <InstanceUsers
      users={users}
      currentUserId={actor.userId}
      actions={{
        create: createUserAction,
        setSuperadmin: setSuperadminAction,
        setCanCreateTenant: setCanCreateTenantAction,
        setDisabled: setDisabledAction,
      }}
    />
  );
}
