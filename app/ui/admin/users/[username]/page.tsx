import type { Metadata } from "next";
import { InstanceUserPage } from "@/components/admin/users/user-page";
import { instancePage } from "@/lib/auth/page";
import { getInstanceUser } from "@/lib/users/admin";
import { endSessionsAction, resetPasswordAction, setDisabledAction } from "@/lib/users/actions";

export const metadata: Metadata = { title: "Instance user" };

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export default async function InstanceUserRoute({ params }: { params: Promise<{ username: string }> }) {
  const { username } = await params;
  // superadmins only, and an unknown user: both the not-found page
  const { actor, data: user } = await instancePage((actor) => getInstanceUser(actor, decode(username)));
  return (
    <InstanceUserPage
      user={user}
      self={user.id === actor.userId}
      actions={{ resetPassword: resetPasswordAction, endSessions: endSessionsAction, setDisabled: setDisabledAction }}
    />
  );
}
