import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ExecutionDetail } from "@/components/executions/execution-detail";
import { orNotFound, pageTenant } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { getRevision } from "@/lib/flows/flows";
import { MAX_TASK_RUN_PAGE, getExecution, pausedInputs, searchExecutions } from "@/lib/executions/executions";
import {
  deleteExecutionAction,
  evaluateExpressionAction,
  killExecutionAction,
  replayExecutionAction,
  restartExecutionAction,
  resumeExecutionAction,
} from "@/lib/executions/execution-actions";

type Params = { tenant: string; namespace: string; flowId: string; executionId: string };

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { flowId, executionId } = await params;
  return { title: `Execution ${decode(executionId)} · ${decode(flowId)}` };
}

export default async function ExecutionPage({ params }: { params: Promise<Params> }) {
  const p = await params;
  const namespace = decode(p.namespace);
  const flowId = decode(p.flowId);
  const executionId = decode(p.executionId);
  // not there, not readable, another tenant's, or a URL naming another flow: the 404 page
  const ctx = await pageTenant(p.tenant, { permission: "EXECUTION", namespace });
  const execution = await orNotFound(() => getExecution(ctx, executionId, { page: 1, size: MAX_TASK_RUN_PAGE }));
  if (execution.namespace !== namespace || execution.flowId !== flowId) notFound();
  const linked = async (id: string | null) => {
    if (!id || id === execution.id) return null;
    // one the caller may not read is named without a link
    const e = await getExecution(ctx, id, { page: 1, size: 1 }).catch((err: unknown) => {
      if (isAppError(err) && err.status === 404) return null;
      throw err;
    });
    return e && { id: e.id, namespace: e.namespace, flowId: e.flowId, state: e.state.current };
  };
  // the revision it ran, for its topology: only for a user who may read the flow
  const source = ctx.can("FLOW", "READ", namespace)
    ? getRevision(ctx, namespace, flowId, execution.flowRevision).then(
        (r) => r.source,
        (err: unknown) => {
          if (isAppError(err) && (err.status === 404 || err.status === 403)) return null;
          throw err;
        },
      )
    : Promise.resolve(null);
  const [children, resume, parent, original, flowSource] = await Promise.all([
    searchExecutions(ctx, { parentId: execution.id, sort: { field: "startDate", desc: false } }, { page: 1, size: 50 }),
    pausedInputs(ctx, execution.id),
    linked(execution.parentId),
    linked(execution.originalId),
    source,
  ]);
  return (
    <ExecutionDetail
      key={execution.id}
      tenant={ctx.tenantId}
      initial={execution}
      pageSize={MAX_TASK_RUN_PAGE}
      flowSource={flowSource}
      childExecutions={children.results.map((c) => ({ id: c.id, namespace: c.namespace, flowId: c.flowId, state: c.state.current }))}
      childTotal={children.total}
      parent={parent}
      original={original}
      resumeInputs={resume.inputs}
      pauseForms={resume.byTask}
      can={{
        create: ctx.can("EXECUTION", "CREATE", namespace),
        update: ctx.can("EXECUTION", "UPDATE", namespace),
        delete: ctx.can("EXECUTION", "DELETE", namespace),
      }}
      actions={{
        kill: killExecutionAction,
        restart: restartExecutionAction,
        replay: replayExecutionAction,
        resume: resumeExecutionAction,
        remove: deleteExecutionAction,
        evaluate: evaluateExpressionAction,
      }}
    />
  );
}
