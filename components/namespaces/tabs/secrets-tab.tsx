import { abilities } from "@/lib/rbac/abilities";
import { createSecretAction, deleteSecretAction, replaceSecretAction } from "@/lib/secrets/actions";
import { HiddenNote } from "@/components/namespaces/hidden-note";
import { SecretsPanel } from "@/components/secrets/secrets-panel";
import { EmptyState } from "@/components/ui/empty-state";
import { listNamespaceSecrets, secretBackend } from "@/lib/secrets/secrets";
import type { NamespaceTabProps } from "./types";

export async function SecretsTab({ ctx, namespace }: NamespaceTabProps) {
  if (!ctx.can("SECRET", "READ", namespace)) {
    return (
      <EmptyState title="No access to secrets">
        Seeing this namespace&apos;s secrets needs <code className="font-mono text-xs">SECRET:READ</code> here. Ask a tenant administrator for a role that grants it.
      </EmptyState>
    );
  }
  const [initial, backend] = await Promise.all([listNamespaceSecrets(ctx, namespace), secretBackend(ctx, namespace)]);
  return (
    <>
      <SecretsPanel
        tenant={ctx.tenantId}
        namespace={namespace}
        initial={initial}
        backend={backend}
        can={abilities(ctx, "SECRET", namespace)}
        actions={{ create: createSecretAction, replace: replaceSecretAction, remove: deleteSecretAction }}
      />
      <HiddenNote hidden={initial.hidden} one="inherited secret" many="inherited secrets" />
    </>
  );
}
