import { updateNamespaceSettingsAction } from "@/app/ui/[tenant]/namespaces/[namespace]/actions";
import { getNamespace } from "@/lib/namespaces/namespaces";
import { namespaceInheritance } from "@/lib/namespaces/settings";
import { settingsToYaml } from "@/lib/namespaces/settings-yaml";
import { InForceTable } from "../settings/in-force-table";
import { SettingsYamlPanel } from "../settings/settings-yaml-panel";
import { SettingsSection } from "../settings/settings-section";
import type { NamespaceTabProps } from "./types";

export async function VariablesTab({ ctx, namespace, explicit }: NamespaceTabProps) {
  const [own, inherited] = await Promise.all([getNamespace(ctx, namespace), namespaceInheritance(ctx, namespace)]);
  const canEdit = explicit && ctx.can("NAMESPACE", "UPDATE", namespace);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <SettingsSection
        title="Defined here"
        help={
          explicit
            ? "A YAML map of name: value. Flows of this namespace and its descendants read them as {{ namespace.name }}; a descendant may redefine a name."
            : "Create this namespace (above) to define variables of its own."
        }
      >
        <SettingsYamlPanel
          key={own.version}
          tenant={ctx.tenantId}
          namespace={namespace}
          kind="variables"
          initial={settingsToYaml(own.variables)}
          version={own.version}
          canEdit={canEdit}
          save={updateNamespaceSettingsAction}
          label="Variables of this namespace (YAML)"
        />
      </SettingsSection>
      <SettingsSection title="In force here" help="Own and inherited variables; for each name the nearest namespace wins.">
        <InForceTable
          tenant={ctx.tenantId}
          namespace={namespace}
          label="Variables in force"
          nameLabel="Name"
          empty="No variables here or in any parent namespace."
          rows={inherited.variables.map((v) => ({ id: v.key, name: v.key, value: v.value, namespace: v.namespace, overrides: v.overrides }))}
        />
      </SettingsSection>
    </div>
  );
}
