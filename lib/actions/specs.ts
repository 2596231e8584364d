import type { Action, Permission } from "../authz/permissions";

// Every server action of the product, in one machine-readable list, as lib/api/routes.ts lists
// the API routes: what each needs, enforced where the call enters (lib/actions/safe-action.ts)
// before any work, with the rules of the API routes (lib/authz/enforce.ts). The wrappers take the
// action's name from this list, so an action without a declaration does not compile; the
// isolation tests enumerate the list and every exported action of lib/**/actions.ts against it.

/** A tenant action: its input names the tenant, and the permission below is checked there. */
export type TenantActionSpec = {
  kind: "tenant";
  summary: string;
  permission: Permission;
  /** any one of them suffices at the edge */
  action: Action | Action[];
  /** a namespaced permission needed tenant-wide */
  tenantWide?: boolean;
  /**
   * The input field naming the namespace the action works in: checked there (404 when the caller
   * may not even read it, 403 naming what is missing); a null value means the tenant level
   * (checked tenant-wide). Without it the namespace comes from the data (a flow's YAML, a
   * binding's record): the permission is needed somewhere, and the domain function checks the
   * namespace the data names.
   */
  namespaceField?: "namespace" | "name";
};

/**
 * An action outside any tenant's permissions: instance administration (the domain function allows
 * superadmins, TENANT:CREATE holders or a tenant's Admin) or the signed-in user's own things
 * (their password, their API tokens), which name nobody else's.
 */
export type InstanceActionSpec = { kind: "instance" | "self"; summary: string; needs: string };

export type ActionSpec = TenantActionSpec | InstanceActionSpec;

const tenant = (permission: Permission, action: Action, summary: string, more: Partial<TenantActionSpec> = {}): TenantActionSpec => ({
  kind: "tenant",
  summary,
  permission,
  action,
  ...more,
});
const inNamespace = { namespaceField: "namespace" } as const;

export const ACTION_SPECS = {
  // lib/executions/execution-actions.ts
  killExecutionAction: tenant("EXECUTION", "UPDATE", "Kill a running execution", inNamespace),
  restartExecutionAction: tenant("EXECUTION", "CREATE", "Restart a FAILED or KILLED execution", inNamespace),
  replayExecutionAction: tenant("EXECUTION", "CREATE", "Replay an ended execution, from the start or from a task run", inNamespace),
  resumeExecutionAction: tenant("EXECUTION", "UPDATE", "Resume a PAUSED execution with its inputs", inNamespace),
  // the namespace named is the synced one; the domain function checks EXECUTION:CREATE in the syncing flow's namespace
  syncNowAction: tenant("EXECUTION", "CREATE", "Sync a namespace from Git again: a new execution of the flow that synced it"),
  deleteExecutionAction: tenant("EXECUTION", "DELETE", "Delete an ended execution", inNamespace),
  evaluateExpressionAction: tenant("EXECUTION", "READ", "Evaluate an expression against an execution", inNamespace),
  // lib/tenants/actions.ts
  grantAccessAction: tenant("USER", "CREATE", "Grant a user access to the tenant"),
  revokeAccessAction: tenant("USER", "DELETE", "Revoke a user's access to the tenant"),
  createTenantAction: { kind: "instance", summary: "Create a tenant", needs: "TENANT:CREATE" },
  updateTenantAction: { kind: "instance", summary: "Edit a tenant", needs: "the tenant's Admin or superadmin" },
  deleteTenantAction: { kind: "instance", summary: "Soft-delete a tenant", needs: "the tenant's Admin or superadmin" },
  restoreTenantAction: { kind: "instance", summary: "Restore a deleted tenant", needs: "SUPERADMIN" },
  addTenantAdminAction: { kind: "instance", summary: "Make a user the tenant's Admin", needs: "SUPERADMIN" },
  // lib/workers/actions.ts
  createWorkerGroupAction: { kind: "instance", summary: "Define a worker group", needs: "SUPERADMIN" },
  updateWorkerGroupAction: { kind: "instance", summary: "Edit a worker group's description or allowed tenants", needs: "SUPERADMIN" },
  deleteWorkerGroupAction: { kind: "instance", summary: "Delete a worker group", needs: "SUPERADMIN" },
  // lib/users/actions.ts
  createUserAction: { kind: "instance", summary: "Create a user", needs: "SUPERADMIN" },
  setSuperadminAction: { kind: "instance", summary: "Grant or take superadmin", needs: "SUPERADMIN" },
  setCanCreateTenantAction: { kind: "instance", summary: "Allow or forbid creating tenants", needs: "SUPERADMIN" },
  setDisabledAction: { kind: "instance", summary: "Disable or enable a user", needs: "SUPERADMIN" },
  resetPasswordAction: { kind: "instance", summary: "Reset a user's password (generated, shown once)", needs: "SUPERADMIN" },
  endSessionsAction: { kind: "instance", summary: "End every session of a user", needs: "SUPERADMIN" },
  changePasswordAction: { kind: "self", summary: "Change one's own password", needs: "the current password" },
  // lib/tokens/actions.ts
  createTokenAction: { kind: "self", summary: "Create an API token of one's own", needs: "a session" },
  revokeTokenAction: { kind: "self", summary: "Revoke an API token of one's own", needs: "a session" },
  // lib/rbac/actions.ts
  createRoleAction: tenant("ROLE", "CREATE", "Create a custom role"),
  updateRoleAction: tenant("ROLE", "UPDATE", "Edit a custom role"),
  deleteRoleAction: tenant("ROLE", "DELETE", "Delete a custom role"),
  createGroupAction: tenant("GROUP", "CREATE", "Create a group"),
  updateGroupAction: tenant("GROUP", "UPDATE", "Edit a group"),
  deleteGroupAction: tenant("GROUP", "DELETE", "Delete a group"),
  createBindingAction: tenant("BINDING", "CREATE", "Bind a role to a user or group"),
  deleteBindingAction: tenant("BINDING", "DELETE", "Delete a binding"),
  // lib/secrets/actions.ts (namespace null: a tenant-level secret)
  createSecretAction: tenant("SECRET", "CREATE", "Create a secret", inNamespace),
  replaceSecretAction: tenant("SECRET", "UPDATE", "Replace a secret's value", inNamespace),
  deleteSecretAction: tenant("SECRET", "DELETE", "Delete a secret", inNamespace),
  // lib/flows/actions.ts (a new flow's namespace is in its YAML)
  createFlowAction: tenant("FLOW", "CREATE", "Create a flow from YAML"),
  saveFlowAction: tenant("FLOW", "UPDATE", "Save a new revision of a flow", inNamespace),
  restoreRevisionAction: tenant("FLOW", "UPDATE", "Restore a revision as a new one", inNamespace),
  deleteFlowAction: tenant("FLOW", "DELETE", "Delete a flow", inNamespace),
  // lib/namespaces/actions.ts
  createNamespaceAction: tenant("NAMESPACE", "CREATE", "Create an explicit namespace", { namespaceField: "name" }),
  updateNamespaceAction: tenant("NAMESPACE", "UPDATE", "Edit a namespace's description", { namespaceField: "name" }),
  updateNamespaceSettingsAction: tenant("NAMESPACE", "UPDATE", "Edit a namespace's settings", { namespaceField: "name" }),
  // lib/kv/actions.ts
  createKvAction: tenant("KVSTORE", "CREATE", "Create a KV entry", inNamespace),
  updateKvAction: tenant("KVSTORE", "UPDATE", "Replace a KV entry", inNamespace),
  deleteKvAction: tenant("KVSTORE", "DELETE", "Delete a KV entry", inNamespace),
  // lib/files/actions.ts (namespace files need FLOW permissions)
  createFileAction: tenant("FLOW", "CREATE", "Create a file", inNamespace),
  saveFileAction: tenant("FLOW", "UPDATE", "Save a file's content", inNamespace),
  createFolderAction: tenant("FLOW", "CREATE", "Create a folder", inNamespace),
  moveFileAction: tenant("FLOW", "UPDATE", "Rename or move a file or folder", inNamespace),
  deleteFileAction: tenant("FLOW", "DELETE", "Delete a file or folder", inNamespace),
  // lib/executions/actions.ts (the bulk ones name executions by id: each one's namespace is checked)
  startExecutionAction: tenant("EXECUTION", "CREATE", "Run a flow with inputs and labels", inNamespace),
  inputConditionsAction: tenant("EXECUTION", "CREATE", "Which conditional inputs the run form asks for, given its values", inNamespace),
  killExecutionsAction: tenant("EXECUTION", "UPDATE", "Kill the selected executions"),
  restartExecutionsAction: tenant("EXECUTION", "CREATE", "Restart the selected executions"),
  deleteExecutionsAction: tenant("EXECUTION", "DELETE", "Delete the selected executions"),
  // lib/triggers/actions.ts (a trigger's changes need FLOW:UPDATE in its flow's namespace)
  setTriggerDisabledAction: tenant("FLOW", "UPDATE", "Disable or enable a trigger", inNamespace),
  unlockTriggerAction: tenant("FLOW", "UPDATE", "Release a stuck trigger's lock", inNamespace),
  setBackfillAction: tenant("FLOW", "UPDATE", "Start a trigger's backfill", inNamespace),
  pauseBackfillAction: tenant("FLOW", "UPDATE", "Pause or resume a trigger's backfill", inNamespace),
  deleteBackfillAction: tenant("FLOW", "UPDATE", "Cancel a trigger's backfill", inNamespace),
} satisfies Record<string, ActionSpec>;

export type ActionKey = keyof typeof ACTION_SPECS;
type SpecsOf<K extends ActionSpec["kind"]> = { [N in ActionKey]: (typeof ACTION_SPECS)[N] extends { kind: K } ? N : never }[ActionKey];
export type TenantActionKey = SpecsOf<"tenant">;
export type InstanceActionKey = SpecsOf<"instance" | "self">;

export const actionSpec = (key: ActionKey): ActionSpec => ACTION_SPECS[key];
