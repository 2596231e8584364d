import "server-only";
import type { TenantContext } from "../authz/context";
import { isAppError } from "../errors";
import { checkFlowSource, createFlow, sourceSizeProblem, updateFlow } from "./flows";

export type ApplyOutcome =
  | { status: "created" | "updated" | "unchanged"; namespace: string; id: string; revision: number; warnings: string[] }
  | { status: "failed"; problems: string[] };

/** Creates or updates one flow from its YAML; a file that fails writes nothing. */
export async function applyFlowSource(ctx: TenantContext, source: string): Promise<ApplyOutcome> {
  const tooLarge = sourceSizeProblem(source);
  if (tooLarge) return { status: "failed", problems: [tooLarge] };
  const checked = await checkFlowSource(ctx.db, source);
  if (!checked.ok) {
    return {
      status: "failed",
      problems: checked.problems.map((p) => `${p.line ? `line ${p.line}:${p.column ?? 1}: ` : ""}${p.path ? `${p.path}: ` : ""}${p.message}`),
    };
  }
  const { namespace, id } = checked.flow;
  // what saves all the same: a type whose plugin is not installed, a malformed expression
  const warnings = (checked.warnings ?? []).map((p) => `${p.line ? `line ${p.line}:${p.column ?? 1}: ` : ""}${p.path ? `${p.path}: ` : ""}${p.message}`);
  try {
    const existing = await ctx.db.flow.findFirst({
      where: { namespace, flowId: id, deleted: false },
      select: { revision: true, source: true },
    });
    if (!existing) {
      const created = await createFlow(ctx, source);
      return { status: "created", namespace, id, revision: created.revision, warnings };
    }
    if (existing.source === source) return { status: "unchanged", namespace, id, revision: existing.revision, warnings };
    const updated = await updateFlow(ctx, namespace, id, source, existing.revision);
    return { status: "updated", namespace, id, revision: updated.revision, warnings };
  } catch (e) {
    if (isAppError(e)) {
      return { status: "failed", problems: [e.message, ...e.details.map((d) => `${d.path ? `${d.path}: ` : ""}${d.message}`)] };
    }
    throw e;
  }
}
