import { lookupCondition, lookupTrigger, unknownTypeMessage } from "./catalogue";
import { multipleCondition } from "./catalogue/condition";
import { webhook } from "./catalogue/trigger";
import { IdRegistry } from "./ids";
import { checkLabelKeys } from "./labels";
import { taskIdProblem } from "./names";
import type { PluginDefaults } from "./plugin-defaults";
import type { Problems } from "./problems";
import { checkedByServer, commonPropertiesSchema, notInstalledGroup, notInstalledWarning } from "./not-installed";
import { checkSchema } from "./schema-check";
import { asName, isPlainObject, type Path } from "./types";

type Flow = { id?: string; namespace?: string };

export function walkTriggers(triggers: unknown, path: Path, problems: Problems, flow: Flow, defaults?: PluginDefaults): void {
  if (!Array.isArray(triggers)) return;
  const ids = new IdRegistry("trigger", problems);
  triggers.forEach((trigger, i) => {
    const here = [...path, i];
    if (!isPlainObject(trigger)) {
      problems.add(here, 'a trigger must be a mapping with an "id" and a "type"');
      return;
    }
    const id = asName(trigger.id);
    if (trigger.id == null || trigger.id === "") problems.add([...here, "id"], 'a trigger needs an "id"');
    else if (id === undefined) problems.add([...here, "id"], '"id" must be a string');
    else {
      const problem = taskIdProblem(id, "trigger");
      if (problem) problems.add([...here, "id"], problem);
      ids.add(id, [...here, "id"]);
    }
    if (trigger.type == null || trigger.type === "") {
      problems.add([...here, "type"], 'a trigger needs a "type"');
      return;
    }
    const entry = typeof trigger.type === "string" ? lookupTrigger(trigger.type) : undefined;
    if (!entry && typeof trigger.type === "string" && checkedByServer(trigger.type)) {
      checkSchema(commonPropertiesSchema("trigger"), trigger, here, problems, trigger.type);
      return;
    }
    const missing = !entry && typeof trigger.type === "string" ? notInstalledGroup(trigger.type) : undefined;
    if (missing) {
      problems.warn([...here, "type"], notInstalledWarning("trigger", trigger.type as string, missing));
      checkSchema(commonPropertiesSchema("trigger"), trigger, here, problems, trigger.type as string);
      return;
    }
    if (!entry) {
      problems.add([...here, "type"], unknownType("trigger", trigger.type));
      return;
    }
    const names = [trigger.type as string, entry.type, ...(entry.aliases ?? [])];
    const applied = defaults?.apply(trigger, names, entry.properties, { path: here, line: problems.position(here)?.line });
    const value = applied?.value ?? trigger;
    checkSchema(entry.schema, value, here, problems, entry.type, applied?.origins);
    entry.check?.(value, { path: here, problems, flow });
    checkLabelKeys(trigger.labels, [...here, "labels"], problems);
    const inWebhook = entry.type === webhook.type;
    walkConditions(trigger.conditions, [...here, "conditions"], problems, inWebhook);
    walkConditions(trigger.scheduleConditions, [...here, "scheduleConditions"], problems, inWebhook);
  });
}

/** Conditions of a trigger or a listener: a list, or (inside MultipleCondition) a map of named ones. */
export function walkConditions(conditions: unknown, path: Path, problems: Problems, inWebhook = false): void {
  const items: [string | number, unknown][] = Array.isArray(conditions)
    ? conditions.map((c, i) => [i, c])
    : isPlainObject(conditions) ? Object.entries(conditions) : [];
  for (const [key, condition] of items) {
    const here = [...path, key];
    if (!isPlainObject(condition)) {
      problems.add(here, 'a condition must be a mapping with a "type"');
      continue;
    }
    if (condition.type == null || condition.type === "") {
      problems.add([...here, "type"], 'a condition needs a "type"');
      continue;
    }
    const entry = typeof condition.type === "string" ? lookupCondition(condition.type) : undefined;
    if (!entry && typeof condition.type === "string" && checkedByServer(condition.type)) {
      checkSchema(commonPropertiesSchema("condition"), condition, here, problems, condition.type);
      continue;
    }
    const missing = !entry && typeof condition.type === "string" ? notInstalledGroup(condition.type) : undefined;
    if (missing) {
      problems.warn([...here, "type"], notInstalledWarning("condition", condition.type as string, missing));
      checkSchema(commonPropertiesSchema("condition"), condition, here, problems, condition.type as string);
      continue;
    }
    if (!entry) {
      problems.add([...here, "type"], unknownType("condition", condition.type));
      continue;
    }
    // Kestra evaluates MultipleCondition over a time window, which a webhook call does not have
    if (inWebhook && entry.type === multipleCondition.type) {
      problems.add([...here, "type"], "a Webhook trigger cannot use MultipleCondition");
    }
    checkSchema(entry.schema, condition, here, problems, entry.type);
    entry.check?.(condition, { path: here, problems, flow: {} });
    if (entry.nestedConditions) {
      const nested = condition[entry.nestedConditions];
      if ((isPlainObject(nested) && Object.keys(nested).length === 0) || (Array.isArray(nested) && nested.length === 0)) {
        problems.add([...here, entry.nestedConditions], `"${entry.nestedConditions}" must hold at least one condition`);
      }
      walkConditions(nested, [...here, entry.nestedConditions], problems, inWebhook);
    }
  }
}

function unknownType(kind: "trigger" | "condition", type: unknown): string {
  if (typeof type !== "string") return `"type" must be a string naming a ${kind} type`;
  return unknownTypeMessage(kind, type);
}
