import { updateNamespaceSettingsAction } from "@/app/ui/[tenant]/namespaces/[namespace]/actions";
import { getNamespace } from "@/lib/namespaces/namespaces";
import { namespaceInheritance } from "@/lib/namespaces/settings";
import { settingsToYaml } from "@/lib/namespaces/settings-yaml";
import { InForceTable } from "../settings/in-force-table";
import { SettingsSection } from "../settings/settings-section";
import { SettingsYamlPanel } from "../settings/settings-yaml-panel";
import type { NamespaceTabProps } from "./types";

export async function PluginDefaultsTab({ ctx, namespace, explicit }: NamespaceTabProps) {
  const [own, inherited] = await Promise.all([getNamespace(ctx, namespace), namespaceInheritance(ctx, namespace)]);
  const canEdit = explicit && ctx.can("NAMESPACE", "UPDATE", namespace);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <SettingsSection
        title="Defined here"
        help={
          explicit
            ? "A YAML list of {type, values, forced}: property values for every task of that type (or package) in this namespace and below. With forced: true, descendants cannot change them."
            : "Create this namespace (above) to define plugin defaults of its own."
        }
      >
        <SettingsYamlPanel
          key={own.version}
          tenant={ctx.tenantId}
          namespace={namespace}
          kind="pluginDefaults"
          initial={settingsToYaml(own.pluginDefaults)}
          version={own.version}
          canEdit={canEdit}
          save={updateNamespaceSettingsAction}
          label="Plugin defaults of this namespace (YAML)"
        />
      </SettingsSection>
      <SettingsSection title="In force here" help="Property by property: the nearest namespace wins, unless a parent forces its value.">
        <InForceTable
          tenant={ctx.tenantId}
          namespace={namespace}
          label="Plugin defaults in force"
          nameLabel="Type and property"
          empty="No plugin defaults here or in any parent namespace."
          rows={inherited.pluginDefaults.map((d) => ({
            id: `${d.type}#${d.property}`,
            name: (
              <>
                <span className="block text-slate-500">{d.type}</span>
                {d.property}
              </>
            ),
            value: d.value,
            namespace: d.namespace,
            forced: d.forced,
            overrides: d.overrides,
          }))}
        />
      </SettingsSection>
    </div>
  );
}
