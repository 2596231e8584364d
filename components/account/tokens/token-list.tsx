"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { THead, Table, tbodyClass, tdClass } from "@/components/ui/table";
import { errorMessage, unwrap } from "@/lib/actions/client";
import { formatDateTime } from "@/lib/ui/format";
import { CreateTokenForm } from "./create-token-form";
import { NewToken } from "./new-token";
import type { TokenRow } from "@/lib/tokens/types";
import type { TokenActions } from "./types";

const STATE = {
  active: <Badge tone="green">Active</Badge>,
  expired: <Badge tone="amber">Expired</Badge>,
  revoked: <Badge tone="red">Revoked</Badge>,
};

/** The signed-in user's API tokens: list, create (shown once), revoke. */
export function TokenList({ tokens, actions }: { tokens: TokenRow[]; actions: TokenActions }) {
  const router = useRouter();
  // the plain token lives only here, in memory, until the user dismisses it
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [revoking, setRevoking] = useState<TokenRow | null>(null);

  const revoke = useMutation({
    mutationFn: async (id: string) => unwrap(await actions.revoke({ id })),
    onSuccess: (_result, id) => {
      const name = tokens.find((t) => t.id === id)?.name ?? "";
      setNotice({ tone: "success", text: `Token “${name}” revoked: requests that send it now get 401.` });
      setRevoking(null);
      router.refresh();
    },
  });

  return (
    <>
      {notice && <Notice tone={notice.tone} title={notice.text} onDismiss={() => setNotice(null)} className="mb-4" />}
      {created ? (
        <NewToken name={created.name} token={created.token} onDone={() => setCreated(null)} />
      ) : (
        <CreateTokenForm
          create={actions.create}
          onCreated={(c) => {
            setNotice(null);
            setCreated({ name: c.name, token: c.token });
            router.refresh();
          }}
        />
      )}
      {tokens.length === 0 ? (
        <EmptyState title="No API tokens yet">Create a token to call the API from scripts, CI or the command line.</EmptyState>
      ) : (
        <Table testId="tokens-table" label="API tokens">
          <THead
            columns={[
              { label: "Name" },
              { label: "Prefix" },
              { label: "Created" },
              { label: "Expires" },
              { label: "Last used" },
              { label: "State" },
              { label: "Actions", srOnly: true, align: "right" },
            ]}
          />
          <tbody className={tbodyClass}>
            {tokens.map((t) => (
              <tr key={t.id} data-token-row={t.name}>
                <td className={`${tdClass} font-medium text-slate-900`}>{t.name}</td>
                <td className={`${tdClass} font-mono text-xs text-slate-600`}>{t.prefix}…</td>
                <td className={`${tdClass} whitespace-nowrap text-slate-600`}>{formatDateTime(t.createdAt)}</td>
                <td className={`${tdClass} whitespace-nowrap text-slate-600`}>{formatDateTime(t.expiresAt, "Never")}</td>
                <td className={`${tdClass} whitespace-nowrap text-slate-600`}>{formatDateTime(t.lastUsedAt, "Never")}</td>
                <td className={tdClass}>
                  <span title={t.revokedAt ? `Revoked ${formatDateTime(t.revokedAt)}` : undefined}>{STATE[t.state]}</span>
                </td>
                <td className={`${tdClass} text-right`}>
                  {t.state !== "revoked" && (
                    <Button
                      variant="secondary"
                      className="text-red-700"
                      aria-label={`Revoke token ${t.name}`}
                      onClick={() => {
                        revoke.reset();
                        setRevoking(t);
                      }}
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke token “${revoking.name}”?`}
          confirmLabel="Revoke token"
          pendingLabel="Revoking…"
          pending={revoke.isPending}
          error={revoke.isError ? errorMessage(revoke.error) : null}
          onConfirm={() => revoke.mutate(revoking.id)}
          onCancel={() => setRevoking(null)}
        >
          Scripts and tools that use this token get 401 from now on. This cannot be undone.
        </ConfirmDialog>
      )}
    </>
  );
}
