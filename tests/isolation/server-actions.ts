// Every server action of the app, in one machine-readable list: what it needs, what it targets,
// and a valid input aimed at the isolation matrix's target. tests/isolation-actions.test.ts fails
// when an export of a `lib/**/actions.ts` is missing here (or listed but gone), and calls every
// entry as each kind of caller who must not get through.
//
// The list lives beside the tests rather than in lib/: nothing in the product reads it, and each
// claim sits next to the input that exercises it, so an entry cannot name a permission the matrix
// does not check. To add an action: one line in its file's block (a new file gets a new block);
// if it targets something the target does not have yet, create it in `seedTarget` of the test.

/**
 * What an action needs:
 * - `PERMISSION:ACTION` in the target tenant, `on` the tenant itself or the target namespace;
 * - `SUPERADMIN` or `TENANT:CREATE` at instance level, `TENANT:ADMIN` (superadmin or the tenant's
 *   Admin) to manage a named tenant;
 * - `SIGNED-IN` for the caller's own things (their API tokens).
 */
export type Needs = `${string}:${"CREATE" | "READ" | "UPDATE" | "DELETE"}` | "SUPERADMIN" | "TENANT:ADMIN" | "SIGNED-IN";
/**
 * What it acts on: the target tenant, the target namespace, the instance, the caller's own things
 * (it names nothing of anyone else), or a thing of the target member's own (their API token).
 */
export type Target = "tenant" | "namespace" | "instance" | "own" | "member";

/** What the matrix creates before it runs (names are the ones an answer must never reveal). */
export type Fixture = {
  tenant: string;
  namespace: string;
  flow: string;
  role: { id: string; name: string; version: number };
  group: { id: string; name: string };
  bindingId: string;
  member: string;
  memberTokenId: string;
  deletedTenant: string;
  kvKey: string;
  file: string;
  secret: string;
  tenantSecret: string;
  /** an ended execution of the target flow, with a task run `${execution}-t` whose outputs are confidential */
  execution: string;
  /** a Schedule trigger of the target flow, with a backfill set */
  trigger: string;
  /** a worker group (instance level) */
  workerGroup: string;
};

export type ActionEntry = {
  needs: Needs;
  on: Target;
  input: (t: Fixture) => unknown;
  /** the refusal in a namespace the caller cannot read, when it is not 404 (and why) */
  unreadable?: 403;
  /** the refusal of a member with no binding, when the permission is needed somewhere at the edge (ids name the namespace) */
  noBinding?: 403;
  /** for an action on the caller's own things that needs proof they hold (their current password) */
  withoutProof?: 422;
};

const flowYaml = (t: Fixture, message: string) =>
  `id: ${t.flow}\nnamespace: ${t.namespace}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: ${message}\n`;

export const SERVER_ACTIONS: Record<string, Record<string, ActionEntry>> = {
  "lib/tenants/actions.ts": {
    grantAccessAction: { needs: "USER:CREATE", on: "tenant", input: (t) => ({ tenant: t.tenant, username: t.member }) },
    revokeAccessAction: { needs: "USER:DELETE", on: "tenant", input: (t) => ({ tenant: t.tenant, username: t.member }) },
    createTenantAction: { needs: "TENANT:CREATE", on: "instance", input: () => ({ id: "planted-tenant", name: "Planted" }) },
    updateTenantAction: { needs: "TENANT:ADMIN", on: "instance", input: (t) => ({ id: t.tenant, name: "Overwritten" }) },
    deleteTenantAction: { needs: "TENANT:ADMIN", on: "instance", input: (t) => ({ id: t.tenant }) },
    restoreTenantAction: { needs: "SUPERADMIN", on: "instance", input: (t) => ({ id: t.deletedTenant }) },
    addTenantAdminAction: { needs: "SUPERADMIN", on: "instance", input: (t) => ({ id: t.tenant, username: t.member }) },
  },
  "lib/users/actions.ts": {
    createUserAction: { needs: "SUPERADMIN", on: "instance", input: () => ({ username: "planted@example.com", displayName: "Planted", password: "planted-password-1" }) },
    setSuperadminAction: { needs: "SUPERADMIN", on: "instance", input: (t) => ({ username: t.member, value: true }) },
    setCanCreateTenantAction: { needs: "SUPERADMIN", on: "instance", input: (t) => ({ username: t.member, value: true }) },
    setDisabledAction: { needs: "SUPERADMIN", on: "instance", input: (t) => ({ username: t.member, value: true }) },
    resetPasswordAction: { needs: "SUPERADMIN", on: "instance", input: (t) => ({ username: t.member }) },
    endSessionsAction: { needs: "SUPERADMIN", on: "instance", input: (t) => ({ username: t.member }) },
    // no user in the input: always the caller's own password, proven by the current one
    changePasswordAction: { needs: "SIGNED-IN", on: "own", input: () => ({ current: "not-the-password", next: "planted-password-1" }), withoutProof: 422 },
  },
  "lib/workers/actions.ts": {
    createWorkerGroupAction: { needs: "SUPERADMIN", on: "instance", input: (t) => ({ key: "planted-wg", allowedTenants: [t.tenant] }) },
    updateWorkerGroupAction: { needs: "SUPERADMIN", on: "instance", input: (t) => ({ key: t.workerGroup, allowedTenants: [t.tenant] }) },
    deleteWorkerGroupAction: { needs: "SUPERADMIN", on: "instance", input: (t) => ({ key: t.workerGroup }) },
  },
  "lib/tokens/actions.ts": {
    // no user in the input: a token is always the caller's own
    createTokenAction: { needs: "SIGNED-IN", on: "own", input: () => ({ name: "mine", expiresIn: "1d" }) },
    revokeTokenAction: { needs: "SIGNED-IN", on: "member", input: (t) => ({ id: t.memberTokenId }) },
  },
  "lib/rbac/actions.ts": {
    createRoleAction: { needs: "ROLE:CREATE", on: "tenant", input: (t) => ({ tenant: t.tenant, name: "Hijack", permissions: { FLOW: ["READ"] } }) },
    updateRoleAction: { needs: "ROLE:UPDATE", on: "tenant", input: (t) => ({ tenant: t.tenant, id: t.role.id, version: t.role.version, permissions: { FLOW: ["DELETE"] } }) },
    deleteRoleAction: { needs: "ROLE:DELETE", on: "tenant", input: (t) => ({ tenant: t.tenant, id: t.role.id }) },
    createGroupAction: { needs: "GROUP:CREATE", on: "tenant", input: (t) => ({ tenant: t.tenant, name: "hijack", members: [t.member] }) },
    updateGroupAction: { needs: "GROUP:UPDATE", on: "tenant", input: (t) => ({ tenant: t.tenant, id: t.group.id, members: [] }) },
    deleteGroupAction: { needs: "GROUP:DELETE", on: "tenant", input: (t) => ({ tenant: t.tenant, id: t.group.id }) },
    createBindingAction: { needs: "BINDING:CREATE", on: "tenant", input: (t) => ({ tenant: t.tenant, user: t.member, role: "Admin" }) },
    deleteBindingAction: { needs: "BINDING:DELETE", on: "tenant", input: (t) => ({ tenant: t.tenant, id: t.bindingId }) },
  },
  "lib/secrets/actions.ts": {
    createSecretAction: { needs: "SECRET:CREATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, key: "PLANTED", value: "x" }) },
    replaceSecretAction: { needs: "SECRET:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, key: t.secret, value: "overwritten" }) },
    deleteSecretAction: { needs: "SECRET:DELETE", on: "tenant", input: (t) => ({ tenant: t.tenant, namespace: null, key: t.tenantSecret }) },
  },
  "lib/flows/actions.ts": {
    // the namespace is named in the caller's own YAML: there is no existence to hide
    createFlowAction: { needs: "FLOW:CREATE", on: "namespace", input: (t) => ({ tenant: t.tenant, source: flowYaml(t, "planted").replace(`id: ${t.flow}`, "id: planted") }), unreadable: 403 },
    saveFlowAction: { needs: "FLOW:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, id: t.flow, source: flowYaml(t, "overwritten"), baseRevision: 2 }) },
    restoreRevisionAction: { needs: "FLOW:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, id: t.flow, revision: 1, baseRevision: 2 }) },
    deleteFlowAction: { needs: "FLOW:DELETE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, id: t.flow }) },
  },
  "lib/namespaces/actions.ts": {
    createNamespaceAction: { needs: "NAMESPACE:CREATE", on: "namespace", input: (t) => ({ tenant: t.tenant, name: `${t.namespace}.planted`, description: "planted" }) },
    updateNamespaceAction: { needs: "NAMESPACE:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, name: t.namespace, description: "overwritten", version: 1 }) },
    updateNamespaceSettingsAction: {
      needs: "NAMESPACE:UPDATE",
      on: "namespace",
      input: (t) => ({ tenant: t.tenant, name: t.namespace, version: 1, changes: { variables: { planted: 1 }, allowedNamespaces: [] } }),
    },
  },
  "lib/kv/actions.ts": {
    createKvAction: { needs: "KVSTORE:CREATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, key: "planted", type: "STRING", value: "x" }) },
    updateKvAction: { needs: "KVSTORE:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, key: t.kvKey, type: "STRING", value: "overwritten", version: 1 }) },
    deleteKvAction: { needs: "KVSTORE:DELETE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, key: t.kvKey }) },
  },
  "lib/executions/actions.ts": {
    startExecutionAction: { needs: "EXECUTION:CREATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, flowId: t.flow, inputs: {}, labels: ["planted:yes"] }) },
    inputConditionsAction: { needs: "EXECUTION:CREATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, flowId: t.flow, inputs: {} }) },
    // executions named by id: the edge needs the permission somewhere, each execution's namespace decides
    killExecutionsAction: { needs: "EXECUTION:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, ids: [t.execution] }), noBinding: 403 },
    restartExecutionsAction: { needs: "EXECUTION:CREATE", on: "namespace", input: (t) => ({ tenant: t.tenant, ids: [t.execution] }), noBinding: 403 },
    deleteExecutionsAction: { needs: "EXECUTION:DELETE", on: "namespace", input: (t) => ({ tenant: t.tenant, ids: [t.execution] }), noBinding: 403 },
  },
  "lib/executions/execution-actions.ts": {
    killExecutionAction: { needs: "EXECUTION:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, executionId: t.execution }) },
    restartExecutionAction: { needs: "EXECUTION:CREATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, executionId: t.execution }) },
    replayExecutionAction: { needs: "EXECUTION:CREATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, executionId: t.execution, taskRunId: null }) },
    resumeExecutionAction: { needs: "EXECUTION:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, executionId: t.execution, inputs: {} }) },
    deleteExecutionAction: { needs: "EXECUTION:DELETE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, executionId: t.execution }) },
    // a read: the Viewer may (and gets the outputs); nobody else may
    evaluateExpressionAction: {
      needs: "EXECUTION:READ",
      on: "namespace",
      input: (t) => ({ tenant: t.tenant, namespace: t.namespace, executionId: t.execution, taskRunId: null, expression: "{{ outputs.t.v }}" }),
    },
  },
  "lib/git/actions.ts": {
    // the namespace named is the synced one: the edge needs the permission somewhere, the syncing flow's namespace decides
    syncNowAction: { needs: "EXECUTION:CREATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, kind: "files" }), noBinding: 403 },
  },
  "lib/triggers/actions.ts": {
    setTriggerDisabledAction: { needs: "FLOW:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, flowId: t.flow, triggerId: t.trigger, disabled: true }) },
    unlockTriggerAction: { needs: "FLOW:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, flowId: t.flow, triggerId: t.trigger }) },
    setBackfillAction: {
      needs: "FLOW:UPDATE",
      on: "namespace",
      input: (t) => ({ tenant: t.tenant, namespace: t.namespace, flowId: t.flow, triggerId: t.trigger, start: "2026-01-01T00:00:00Z", end: null }),
    },
    pauseBackfillAction: { needs: "FLOW:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, flowId: t.flow, triggerId: t.trigger, paused: true }) },
    deleteBackfillAction: { needs: "FLOW:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, flowId: t.flow, triggerId: t.trigger }) },
  },
  "lib/files/actions.ts": {
    createFileAction: { needs: "FLOW:CREATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, path: "planted.txt", content: "x" }) },
    saveFileAction: { needs: "FLOW:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, path: t.file, content: "overwritten" }) },
    createFolderAction: { needs: "FLOW:CREATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, path: "planted" }) },
    moveFileAction: { needs: "FLOW:UPDATE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, path: t.file, to: "moved.txt" }) },
    deleteFileAction: { needs: "FLOW:DELETE", on: "namespace", input: (t) => ({ tenant: t.tenant, namespace: t.namespace, path: t.file }) },
  },
};
