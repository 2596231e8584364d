import type { Metadata } from "next";
import { PasswordForm } from "@/components/account/password/password-form";
import { PageHeader } from "@/components/ui/page-header";
import { pageActor } from "@/lib/auth/page";
import { changePasswordAction } from "@/lib/users/actions";

export const metadata: Metadata = { title: "Password" };

export default async function PasswordPage() {
  const actor = await pageActor();
  return (
    <>
      <PageHeader
        title="Password"
        description={`Change the password of ${actor.username}. Every session of yours ends, this one too: you sign in again with the new password.`}
      />
      <PasswordForm change={changePasswordAction} />
    </>
  );
}
