import type { Metadata } from "next";
import { InstanceUsers } from "@/components/admin/users/instance-users";
import { pagingSchema } from "@/lib/api/paging";
import { instancePage } from "@/lib/auth/page";
import { searchInstanceUsers } from "@/lib/users/admin";
import { createUserAction, setCanCreateTenantAction, setDisabledAction, setSuperadminAction } from "@/lib/users/actions";

export const metadata: Metadata = { title: "Instance users" };

export default async function InstanceUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const q = sp.q?.trim() || undefined;
  const parsed = pagingSchema.safeParse({ page: sp.page, size: sp.size });
  const paging = parsed.success ? parsed.data : pagingSchema.parse({});
  // searchInstanceUsers refuses anyone but a superadmin: they get the not-found page
  const { actor, data } = await instancePage((actor) => searchInstanceUsers(actor, q, paging));
  return (
    <InstanceUsers
      users={data.results}
      search={{ q, total: data.total, page: paging.page, size: paging.size, sizeInQuery: sp.size }}
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
