"use client";
import { EmptyState } from "@/components/ui/empty-state";
import { type TriggerActions, type TriggerRow, TriggersTable } from "./triggers-table";

/** The flow page's Triggers tab. */
export function FlowTriggers({ tenant, rows, actions }: { tenant: string; rows: TriggerRow[]; actions: TriggerActions }) {
  if (rows.length === 0) {
    return (
      <EmptyState title="This flow has no trigger">
        <p>
          Add one in the editor, under <code>triggers:</code>, for instance a Schedule:{" "}
          <code>{"- id: daily, type: io.kestra.plugin.core.trigger.Schedule, cron: \"0 9 * * *\""}</code>.
        </p>
      </EmptyState>
    );
  }
  return <TriggersTable tenant={tenant} rows={rows} showFlow={false} actions={actions} />;
}
