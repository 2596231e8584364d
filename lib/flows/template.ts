// The YAML a new flow starts from: small, valid, and in the namespace the user was looking at.
import { namespaceProblem } from "./validation/names";

export const DEFAULT_TEMPLATE_NAMESPACE = "company.team";

/** A valid namespace from the URL, else the fallback (a namespace the user may create flows in). */
export function templateNamespace(requested: string | null | undefined, fallback = DEFAULT_TEMPLATE_NAMESPACE): string {
  const ns = (requested ?? "").trim();
  return ns && !namespaceProblem(ns) ? ns : fallback;
}

export function newFlowTemplate(namespace: string = DEFAULT_TEMPLATE_NAMESPACE): string {
  return `id: new_flow
namespace: ${templateNamespace(namespace)}
description: A new flow

tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: Hello from {{ flow.namespace }}
`;
}
