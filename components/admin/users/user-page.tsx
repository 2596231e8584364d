"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DangerButton } from "@/components/ui/danger-button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { THead, Table, tbodyClass, tdClass } from "@/components/ui/table";
import { errorMessage, unwrap } from "@/lib/actions/client";
import { formatDateTime } from "@/lib/ui/format";
import type { InstanceUserDetail } from "@/lib/users/types";
import { NewPassword } from "./new-password";
import type { InstanceUserPageActions } from "./types";

type Confirm = "reset" | "sessions" | "disable" | null;

/** One instance user: where they have access and with which roles, tokens, sign-ins; reset, end sessions, disable. */
export function InstanceUserPage({ user, self, actions }: { user: InstanceUserDetail; self: boolean; actions: InstanceUserPageActions }) {
  const router = useRouter();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [password, setPassword] = useState<string | null>(null);

  const done = (text: string) => {
    setConfirm(null);
    setNotice({ tone: "success", text });
    router.refresh();
  };
  const reset = useMutation({
    mutationFn: async () => unwrap(await actions.resetPassword({ username: user.username })),
    onSuccess: (r) => {
      setPassword(r.password ?? null);
      done(`The password of ${r.username} is reset and their sessions have ended.`);
    },
  });
  const sessions = useMutation({
    mutationFn: async () => unwrap(await actions.endSessions({ username: user.username })),
    onSuccess: (r) => done(`Every session of ${r.username} has ended; their API tokens still work.`),
  });
  const disabled = useMutation({
    mutationFn: async (value: boolean) => unwrap(await actions.setDisabled({ username: user.username, value })),
    onSuccess: (u) => done(u.disabled ? `${u.username} is disabled: their sessions and API tokens have ended.` : `${u.username} is enabled again.`),
    onError: (e) => setNotice({ tone: "error", text: errorMessage(e) }),
  });
  const open = (c: Confirm) => {
    setNotice(null);
    reset.reset();
    sessions.reset();
    disabled.reset();
    setConfirm(c);
  };

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/ui/admin/users" className="text-indigo-700 hover:underline">
          Instance users
        </Link>
      </nav>
      <PageHeader
        title={user.username}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span>{user.displayName}</span>
            {self && <Badge tone="indigo">you</Badge>}
            {user.superadmin && <Badge tone="amber">superadmin</Badge>}
            {user.serviceAccount && <Badge>service account</Badge>}
            {user.disabled && <Badge tone="red">disabled</Badge>}
          </span>
        }
        actions={
          <>
            {!user.serviceAccount && (
              <Button variant="secondary" onClick={() => open("reset")} disabled={self} title={self ? "Change your own password from your account page" : undefined}>
                Reset password
              </Button>
            )}
            <Button variant="secondary" onClick={() => open("sessions")}>
              End sessions
            </Button>
            {user.disabled ? (
              <Button variant="secondary" onClick={() => disabled.mutate(false)} disabled={disabled.isPending} aria-busy={disabled.isPending}>
                {disabled.isPending ? "Enabling…" : "Enable user"}
              </Button>
            ) : (
              <DangerButton onClick={() => open("disable")} disabled={self} title={self ? "Another superadmin can disable you" : undefined}>
                Disable user
              </DangerButton>
            )}
          </>
        }
      />
      {password && <NewPassword username={user.username} password={password} onDone={() => setPassword(null)} />}
      {notice && <Notice tone={notice.tone} title={notice.text} onDismiss={() => setNotice(null)} className="mb-4" />}

      <dl className="mb-8 grid grid-cols-1 gap-4 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-2 lg:grid-cols-4" data-testid="user-facts">
        <Fact label="Created">{formatDateTime(user.createdAt)}</Fact>
        <Fact label="Last sign-in">{formatDateTime(user.lastSignInAt, "never")}</Fact>
        <Fact label="Sessions">
          {user.disabled
            ? "none: the user is disabled"
            : user.sessionsEndedAt && (!user.lastSignInAt || user.lastSignInAt <= user.sessionsEndedAt)
              ? `none since ${formatDateTime(user.sessionsEndedAt)}`
              : user.lastSignInAt
                ? `may be open since ${formatDateTime(user.lastSignInAt)}`
                : "none"}
        </Fact>
        <Fact label="API tokens">
          {user.tokens.active} active{user.tokens.total > user.tokens.active ? ` (${user.tokens.total - user.tokens.active} revoked or expired)` : ""}
        </Fact>
      </dl>

      <h2 className="mb-3 text-base font-semibold text-slate-900">Tenants and access</h2>
      {user.tenants.length === 0 ? (
        <EmptyState title="No access to any tenant">Grant access from a tenant&apos;s Users page.</EmptyState>
      ) : (
        <Table testId="user-tenants" label="Tenants and access">
          <THead columns={[{ label: "Tenant" }, { label: "Access since" }, { label: "Roles" }]} />
          <tbody className={tbodyClass}>
            {user.tenants.map((t) => (
              <tr key={t.id} data-tenant-row={t.id}>
                <td className={tdClass}>
                  <span className="font-medium text-slate-900">{t.name}</span>
                  <span className="ml-2 font-mono text-xs text-slate-500">{t.id}</span>
                  {t.deleted && (
                    <span className="ml-2">
                      <Badge tone="red">deleted</Badge>
                    </span>
                  )}
                </td>
                <td className={`${tdClass} whitespace-nowrap text-slate-600`}>{t.accessSince ? formatDateTime(t.accessSince) : "no access record"}</td>
                <td className={tdClass}>
                  {t.roles.length === 0 ? (
                    <span className="text-slate-500">no role</span>
                  ) : (
                    <ul className="space-y-0.5">
                      {t.roles.map((r, i) => (
                        <li key={i}>
                          <span className="font-medium">{r.role}</span>
                          <span className="text-slate-600"> {r.namespace ? `on ${r.namespace}` : "tenant-wide"}</span>
                          {r.via && <span className="text-slate-500"> · through group {r.via}</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <ConfirmDialog
        open={confirm === "reset"}
        title={`Reset the password of ${user.username}?`}
        confirmLabel="Reset password"
        pendingLabel="Resetting…"
        pending={reset.isPending}
        error={reset.isError ? errorMessage(reset.error) : null}
        onConfirm={() => reset.mutate()}
        onCancel={() => setConfirm(null)}
      >
        A new password is generated and shown to you once; give it to the user. Every session of theirs ends at once; their API tokens keep
        working.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === "sessions"}
        title={`End every session of ${user.username}?`}
        confirmLabel="End sessions"
        pendingLabel="Ending…"
        pending={sessions.isPending}
        error={sessions.isError ? errorMessage(sessions.error) : null}
        onConfirm={() => sessions.mutate()}
        onCancel={() => setConfirm(null)}
      >
        {self ? "You will be signed out too. " : ""}They are signed out in every browser and must sign in again. Their API tokens keep working:
        revoke those, or disable the user, to stop them too.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === "disable"}
        title={`Disable ${user.username}?`}
        confirmLabel="Disable user"
        pendingLabel="Disabling…"
        pending={disabled.isPending}
        error={disabled.isError ? errorMessage(disabled.error) : null}
        onConfirm={() => disabled.mutate(true)}
        onCancel={() => setConfirm(null)}
      >
        They can no longer sign in; their sessions and API tokens stop working on their next request. Their access and roles are kept, and
        enabling them again restores everything but the ended sessions.
      </ConfirmDialog>
    </>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-slate-900">{children}</dd>
    </div>
  );
}
