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
        can={{
          create: ctx.can("KVSTORE", "CREATE", namespace),
          update: ctx.can("KVSTORE", "UPDATE", namespace),
          delete: ctx.can("KVSTORE", "DELETE", namespace),
        }}
        actions={{ create: createKvAction, update: updateKvAction, remove: deleteKvAction }}
      />
      <HiddenNote hidden={initial.hidden} one="inherited entry" many="inherited entries" />
    </>
  );
}
