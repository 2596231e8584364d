import { updateNamespaceSettingsAction } from "@/lib/namespaces/actions";
import { getNamespace } from "@/lib/namespaces/namespaces";
import { namespaceInheritance } from "@/lib/namespaces/settings";
import { settingsToYaml } from "@/lib/namespaces/settings-yaml";
import { HiddenNote } from "../hidden-note";
import { type InForceRow, InForceTable } from "../settings/in-force-table";
import { SettingsSection } from "../settings/settings-section";
import { SettingsYamlPanel } from "../settings/settings-yaml-panel";
import type { NamespaceTabProps } from "./types";

type Kind = "variables" | "pluginDefaults";
const HIDDEN_NOUNS: Record<Kind, { one: string; many: string }> = {
  variables: { one: "variable", many: "variables" },
  pluginDefaults: { one: "plugin default value", many: "plugin default values" },
};
type Inheritance = Awaited<ReturnType<typeof namespaceInheritance>>;

/**
 * The layout of the variables and plugin defaults tabs: the namespace's own setting as YAML (editable
 * with NAMESPACE:UPDATE on an explicit namespace) beside what is in force here, own and inherited.
 */
export async function OwnAndInForce({
  ctx,
  namespace,
  explicit,
  kind,
  copy,
  rows,
}: NamespaceTabProps & {
  kind: Kind;
  copy: { help: string; notExplicit: string; editorLabel: string; inForceHelp: string; inForceLabel: string; nameLabel: string; empty: string };
  rows: (inherited: Inheritance) => InForceRow[];
}) {
  const [own, inherited] = await Promise.all([getNamespace(ctx, namespace), namespaceInheritance(ctx, namespace)]);
  const canEdit = explicit && ctx.can("NAMESPACE", "UPDATE", namespace);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <SettingsSection title="Defined here" help={explicit ? copy.help : copy.notExplicit}>
        <SettingsYamlPanel
          tenant={ctx.tenantId}
          namespace={namespace}
          kind={kind}
          initial={settingsToYaml(own[kind])}
          version={own.version}
          canEdit={canEdit}
          save={updateNamespaceSettingsAction}
          label={copy.editorLabel}
        />
      </SettingsSection>
      <SettingsSection title="In force here" help={copy.inForceHelp}>
        <InForceTable
          tenant={ctx.tenantId}
          namespace={namespace}
          label={copy.inForceLabel}
          nameLabel={copy.nameLabel}
          empty={copy.empty}
          rows={rows(inherited)}
        />
        <HiddenNote hidden={inherited.hidden[kind]} {...HIDDEN_NOUNS[kind]} />
      </SettingsSection>
    </div>
  );
}
