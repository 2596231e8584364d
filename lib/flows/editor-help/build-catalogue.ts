import { z } from "zod";
import { catalogueEntries, type Kind, pluginDefinitions } from "../validation/catalogue";
import { commonConditionShape, commonTaskShape, commonTriggerShape } from "../validation/catalogue/common";
import { DOCS_HOME, docsUrl, SHARED_CONDITION_PROPERTIES, SHARED_TASK_PROPERTIES, SHARED_TRIGGER_PROPERTIES } from "../validation/catalogue/docs/shared";
import { FLOWABLE_TASK_DOCS } from "../validation/catalogue/docs/tasks-flowable";
import { IO_TASK_DOCS } from "../validation/catalogue/docs/tasks-io";
import { SIMPLE_TASK_DOCS } from "../validation/catalogue/docs/tasks-simple";
import { CONDITION_DOCS, TRIGGER_DOCS } from "../validation/catalogue/docs/triggers-conditions";
import { type ValueKind, valueKinds } from "../validation/catalogue/props";
import type { EditorCatalogue, PropertyHelp, TypeHelp } from "./types";

// Turns the validator's catalogue and its descriptions into the editor's plain data (written to
// catalogue.json by scripts/generate-editor-catalogue.ts, checked by build-catalogue.test.ts).

const CORE_DOCS = { ...SIMPLE_TASK_DOCS, ...IO_TASK_DOCS, ...FLOWABLE_TASK_DOCS, ...TRIGGER_DOCS, ...CONDITION_DOCS };
// the plugins' docs are read when the catalogue is built: a plugin registered at run time has them too
const typeDocs = () => ({ ...CORE_DOCS, ...Object.assign({}, ...pluginDefinitions().map((p) => p.docs ?? {})) });
const COMMON: Record<Kind, [z.ZodRawShape, Record<string, string>]> = {
  task: [commonTaskShape, SHARED_TASK_PROPERTIES],
  trigger: [commonTriggerShape, SHARED_TRIGGER_PROPERTIES],
  condition: [commonConditionShape, SHARED_CONDITION_PROPERTIES],
};

type Described = { kind: string; values?: string[] };

function describeKind(kind: ValueKind): Described {
  if (kind.kind === "tasks") return { kind: "list of tasks" };
  if (kind.kind === "enum") return { kind: "enum", values: [...kind.values] };
  return { kind: kind.kind };
}

/** What a property's schema holds, read from the kinds the value schemas declare. */
export function describeSchema(schema: z.ZodType): Described {
  const known = valueKinds.get(schema);
  if (known) return describeKind(known);
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return describeSchema(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodArray) {
    const item = describeSchema(schema.element as z.ZodType);
    if (item.kind === "enum") return { kind: "list of enum", values: item.values };
    return { kind: item.kind === "any" ? "list" : `list of ${item.kind}` };
  }
  if (schema instanceof z.ZodObject) return { kind: "map" };
  return { kind: "any" };
}

const isRequired = (schema: z.ZodType) => !schema.safeParse(undefined).success;

function properties(shape: z.ZodRawShape, descriptions: Record<string, string>, walkerChecked: boolean): PropertyHelp[] {
  return Object.entries(shape)
    // `type` is completed on its own; a shared `id` is required by the walker, with clearer messages
    .filter(([name]) => name !== "type")
    .map(([name, schema]) => {
      const byWalker = walkerChecked && name === "id";
      return {
        name,
        ...(byWalker ? { kind: "string" } : describeSchema(schema as z.ZodType)),
        required: byWalker || isRequired(schema as z.ZodType),
        description: descriptions[name] ?? "",
      };
    });
}

export function buildEditorCatalogue(): EditorCatalogue {
  const types: TypeHelp[] = [];
  const TYPE_DOCS = typeDocs();
  for (const [kind, entries] of Object.entries(catalogueEntries()) as [Kind, ReturnType<typeof catalogueEntries>[Kind]][]) {
    for (const entry of entries) {
      const docs = TYPE_DOCS[entry.type];
      types.push({
        type: entry.type,
        kind,
        aliases: [...(entry.aliases ?? [])],
        description: docs?.description ?? "",
        docsUrl: docsUrl(entry.type),
        example: docs?.example ?? "",
        properties: properties(entry.shape, docs?.properties ?? {}, false),
      });
    }
  }
  const shared = (kind: Kind) => properties(COMMON[kind][0], COMMON[kind][1], true);
  return { docsHome: DOCS_HOME, shared: { task: shared("task"), trigger: shared("trigger"), condition: shared("condition") }, types };
}
