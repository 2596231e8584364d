import { abilities } from "@/lib/rbac/abilities";
import { createKvAction, deleteKvAction, updateKvAction } from "@/lib/kv/actions";
import { KvStore } from "@/components/kv/kv-store";
import { HiddenNote } from "@/components/namespaces/hidden-note";
import { NotAllowed } from "@/components/rbac/not-allowed";
import { listKv } from "@/lib/kv/kv";
import { KV_PAGE_SIZE } from "@/lib/kv/types";
import type { NamespaceTabProps } from "./types";

export async function KvTab({ ctx, namespace }: NamespaceTabProps) {
  if (!ctx.can("KVSTORE", "READ", namespace)) {
    return <NotAllowed permission="KVSTORE:READ" what={`the key-value store of ${namespace}`} tenantName={ctx.tenant.name} />;
  }
  const initial = await listKv(ctx, namespace, { inherited: true, page: 1, size: KV_PAGE_SIZE });
  return (
    <>
      <KvStore
        tenant={ctx.tenantId}
        namespace={namespace}
        initial={initial}
        can={abilities(ctx, "KVSTORE", namespace)}
        actions={{ create: createKvAction, update: updateKvAction, remove: deleteKvAction }}
      />
      <HiddenNote hidden={initial.hidden} one="inherited entry" many="inherited entries" />
    </>
  );
}
