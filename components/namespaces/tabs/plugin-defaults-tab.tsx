import { OwnAndInForce } from "./own-and-in-force";
import type { NamespaceTabProps } from "./types";

export function PluginDefaultsTab(props: NamespaceTabProps) {
  return (
    <OwnAndInForce
      {...props}
      kind="pluginDefaults"
      copy={{
        help: "A YAML list of {type, values, forced}: property values for every task of that type (or package) in this namespace and below. With forced: true, descendants cannot change them.",
        notExplicit: "Create this namespace (above) to define plugin defaults of its own.",
        editorLabel: "Plugin defaults of this namespace (YAML)",
        inForceHelp: "Property by property: the nearest namespace wins, unless a parent forces its value.",
        inForceLabel: "Plugin defaults in force",
        nameLabel: "Type and property",
        empty: "No plugin defaults here or in any parent namespace.",
      }}
      rows={(inherited) =>
        inherited.pluginDefaults.map((d) => ({
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
        }))
      }
    />
  );
}
