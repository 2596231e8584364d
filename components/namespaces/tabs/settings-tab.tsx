import { updateNamespaceSettingsAction } from "@/lib/namespaces/actions";
import { INSTANCE_SECRETS, INSTANCE_STORAGE } from "@/lib/backends/config";
import { getNamespace } from "@/lib/namespaces/namespaces";
import { namespaceBackends } from "@/lib/namespaces/settings";
import { AllowedNamespacesForm } from "../settings/allowed-namespaces-form";
import { ConcurrencyLimitForm } from "../settings/concurrency-limit-form";
import { NamespaceBackendsForm } from "../settings/namespace-backends-form";
import { ResolutionOrder } from "../settings/resolution-order";
import { SettingsSection } from "../settings/settings-section";
import type { NamespaceTabProps } from "./types";

export async function SettingsTab({ ctx, namespace, explicit }: NamespaceTabProps) {
  const [own, backends] = await Promise.all([getNamespace(ctx, namespace), namespaceBackends(ctx, namespace)]);
  const canUpdate = explicit && ctx.can("NAMESPACE", "UPDATE", namespace);
  return (
    <div className="space-y-8">
      <SettingsSection
        title="Allowed namespaces"
        help={
          explicit
            ? "Which namespaces may read this namespace's KV entries, files and secrets (descendants inherit them) and run its flows as subflows."
            : "Create this namespace (above) to restrict who may use its resources. Until then every namespace may."
        }
      >
        <AllowedNamespacesForm
          tenant={ctx.tenantId}
          namespace={namespace}
          initial={own.allowedNamespaces}
          version={own.version}
          canEdit={canUpdate}
          save={updateNamespaceSettingsAction}
        />
      </SettingsSection>
      <SettingsSection
        title="Concurrency limit"
        help={
          explicit
            ? "How many executions of this namespace and its descendants may run at once (PAUSED ones included); the others wait QUEUED and start in order as slots free. The nearest namespace that sets a limit is the one an execution obeys."
            : "Create this namespace (above) to limit how many of its executions run at once."
        }
      >
        <ConcurrencyLimitForm
          tenant={ctx.tenantId}
          namespace={namespace}
          initial={own.concurrencyLimit}
          version={own.version}
          canEdit={canUpdate}
          save={updateNamespaceSettingsAction}
        />
      </SettingsSection>
      <SettingsSection title="Dedicated backends" help="Storage for namespace files and the store secrets are read from. The nearest namespace that sets one wins, then the tenant, then the instance default.">
        <NamespaceBackendsForm
          tenant={ctx.tenantId}
          namespace={namespace}
          storage={own.storage}
          secrets={own.secrets}
          workerGroup={own.workerGroup}
          version={own.version}
          canEdit={canUpdate && ctx.actor.superadmin}
          save={updateNamespaceSettingsAction}
        />
        <ResolutionOrder
          storage={{ order: backends.storageOrder, fallback: INSTANCE_STORAGE }}
          secrets={{ order: backends.secretOrder, fallback: INSTANCE_SECRETS }}
        />
      </SettingsSection>
    </div>
  );
}
