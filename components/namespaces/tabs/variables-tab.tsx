import { OwnAndInForce } from "./own-and-in-force";
import type { NamespaceTabProps } from "./types";

export function VariablesTab(props: NamespaceTabProps) {
  return (
    <OwnAndInForce
      {...props}
      kind="variables"
      copy={{
        help: "A YAML map of name: value. Flows of this namespace and its descendants read them as {{ namespace.name }}; a descendant may redefine a name.",
        notExplicit: "Create this namespace (above) to define variables of its own.",
        editorLabel: "Variables of this namespace (YAML)",
        inForceHelp: "Own and inherited variables; for each name the nearest namespace wins.",
        inForceLabel: "Variables in force",
        nameLabel: "Name",
        empty: "No variables here or in any parent namespace.",
      }}
      rows={(inherited) => inherited.variables.map((v) => ({ id: v.key, name: v.key, value: v.value, namespace: v.namespace, overrides: v.overrides }))}
    />
  );
}
