import { z } from "zod";
import { fileEntrySchema } from "../files/schemas";
import { secretListItem } from "../secrets/schemas";

// The success answers of the API, as zod schemas: the OpenAPI document's responses are generated
// from them (lib/api/openapi.ts), and tests hold real answers to them. Objects are strict, so an
// answer that grows a field the document does not name fails the test rather than drifting.

const timestamp = z.string().describe("ISO-8601 date and time");
const list = <T extends z.ZodType>(item: T, extra: z.ZodRawShape = {}) => z.strictObject({ results: z.array(item), total: z.number().int(), ...extra });
const paged = { page: z.number().int(), size: z.number().int() };
/** how many entries exist that the caller may not read (they are left out) */
const hidden = { hidden: z.number().int().describe("entries in force that the caller may not read, left out") };
const deleted = <S extends z.ZodRawShape>(shape: S) => z.strictObject({ ...shape, deleted: z.literal(true) });
/** a backend configuration, as stored (its fields depend on its type) */
const backendConfig = z.record(z.string(), z.unknown()).nullable();

export const healthResponse = z.strictObject({ status: z.literal("ok") });
export const openApiResponse = z.looseObject({ openapi: z.string(), info: z.record(z.string(), z.unknown()), paths: z.record(z.string(), z.unknown()) });

export const meResponse = z.strictObject({
  username: z.string(),
  displayName: z.string(),
  superadmin: z.boolean(),
  tenants: z.array(z.strictObject({ id: z.string(), name: z.string() })),
});

export const tenantResponse = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  deleted: z.boolean(),
  deletedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  storage: backendConfig,
  secrets: backendConfig,
  workerGroup: z.string().nullable().describe("the default worker group of the tenant's tasks (null: the default group)"),
  concurrencyLimit: z.number().int().nullable().describe("executions of the tenant that may run at once; null: no limit"),
  weight: z.number().int().describe("the tenant's share of the executors' and workers' turns against other tenants with work"),
});
export const tenantListResponse = list(tenantResponse);
export const tenantAdminResponse = z.strictObject({ tenant: z.string(), username: z.string(), role: z.string() });

const liveWorker = z.strictObject({
  id: z.string(),
  workerGroup: z.string().describe('the group it serves ("" is the default group)'),
  host: z.string(),
  pid: z.number().int(),
  concurrency: z.number().int(),
  running: z.number().int().describe("attempts in hand at its last heartbeat"),
  startedAt: timestamp,
  lastHeartbeat: timestamp,
});
export const pluginListResponse = z.strictObject({
  plugins: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      source: z.string().describe('"first-party", or the package name or path the setting TENANTFLOW_PLUGINS gave'),
      groups: z.array(z.string()).describe("the type-name prefixes it owns"),
      tasks: z.array(z.string()),
      triggers: z.array(z.string()),
      conditions: z.array(z.string()),
    }),
  ),
  failures: z
    .array(z.strictObject({ source: z.string(), message: z.string() }))
    .optional()
    .describe("the packages that could not be installed and why (superadmins only)"),
});

export const workerGroupResponse = z.strictObject({
  key: z.string(),
  description: z.string(),
  allowedTenants: z.array(z.string()).describe("the tenants its workers may run; empty: every tenant"),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const workerGroupListResponse = z.strictObject({
  groups: z.array(workerGroupResponse.extend({ workers: z.array(liveWorker) }).strict()),
  otherWorkers: z.array(liveWorker).describe("live workers of the default group or of a group not defined"),
});
export const workerGroupDetailResponse = workerGroupResponse.extend({ workers: z.array(liveWorker) }).strict();
export const workerGroupDeletedResponse = deleted({ key: z.string() });

export const userResponse = z.strictObject({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  superadmin: z.boolean(),
  canCreateTenant: z.boolean(),
  serviceAccount: z.boolean(),
  disabled: z.boolean(),
  createdAt: timestamp,
});
export const userListResponse = list(userResponse, paged);
export const userDetailResponse = userResponse.extend({
  lastSignInAt: timestamp.nullable(),
  sessionsEndedAt: timestamp.nullable().describe("when every session of the user last ended (sign-out, password change, disabling)"),
  tokens: z.strictObject({ active: z.number().int(), total: z.number().int() }),
  tenants: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      deleted: z.boolean(),
      accessSince: timestamp.nullable().describe("null: bindings without a tenant-access record"),
      roles: z.array(z.strictObject({ role: z.string(), namespace: z.string().nullable(), via: z.string().nullable().describe("the group, when bound through one") })),
    }),
  ),
});
export const passwordResetResponse = z.strictObject({
  username: z.string(),
  sessionsEnded: z.literal(true),
  password: z.string().optional().describe("the generated password, answered this once (absent when the request chose one)"),
});
export const sessionsEndedResponse = z.strictObject({ username: z.string(), sessionsEndedAt: timestamp });
export const tenantUserListResponse = list(
  z.strictObject({
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.strictObject({ role: z.string(), namespace: z.string().nullable() })),
    groups: z.array(z.string()),
  }),
  { page: paged.page.optional(), size: paged.size.optional() },
);
export const accessGrantedResponse = z.strictObject({ username: z.string(), created: z.boolean().describe("false when the user had access already") });
export const accessRevokedResponse = z.strictObject({ username: z.string() });

export const roleResponse = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  permissions: z.record(z.string(), z.array(z.string())),
  managed: z.boolean(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const roleListResponse = list(roleResponse);
export const roleDeletedResponse = deleted({ id: z.string(), bindingsRemoved: z.number().int() });

export const groupResponse = z.strictObject({ id: z.string(), name: z.string(), description: z.string(), createdAt: timestamp, members: z.array(z.string()) });
export const groupListResponse = list(groupResponse);

export const bindingResponse = z.strictObject({
  id: z.string(),
  role: z.string(),
  user: z.string().nullable(),
  group: z.string().nullable(),
  namespace: z.string().nullable(),
  createdAt: timestamp,
});
export const bindingListResponse = list(bindingResponse);
export const deletedById = deleted({ id: z.string() });

export const flowResponse = z.strictObject({
  id: z.string(),
  namespace: z.string(),
  revision: z.number().int(),
  source: z.string(),
  description: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  updated: timestamp,
});
const flowListItem = flowResponse.omit({ source: true });
export const flowListResponse = list(flowListItem, { page: paged.page.optional(), size: paged.size.optional() });
export const flowDeletedResponse = deleted({ id: z.string(), namespace: z.string() });
const revisionItem = z.strictObject({ revision: z.number().int(), created: timestamp, author: z.string().nullable() });
export const revisionListResponse = list(revisionItem, paged);
const flowRef = z.strictObject({ namespace: z.string(), flowId: z.string() });
export const flowDependenciesResponse = z.strictObject({
  calls: z.array(flowRef),
  callers: z.array(flowRef),
  triggeredBy: z.array(flowRef),
  triggers: z.array(flowRef),
});
export const revisionResponse = revisionItem.extend({ source: z.string() }).strict();

const pluginDefault = z.strictObject({ type: z.string(), values: z.record(z.string(), z.unknown()), forced: z.boolean().optional() });
export const namespaceResponse = z.strictObject({
  name: z.string(),
  explicit: z.boolean(),
  description: z.string(),
  version: z.number().int(),
  flows: z.number().int().optional(),
  variables: z.record(z.string(), z.unknown()).optional(),
  pluginDefaults: z.array(pluginDefault).optional(),
  allowedNamespaces: z.array(z.string()).nullable().optional(),
  concurrencyLimit: z.number().int().nullable().optional().describe("executions under this namespace (and its descendants) that may run at once; null: none"),
  storage: backendConfig.optional(),
  secrets: backendConfig.optional(),
  workerGroup: z.string().nullable().optional().describe("the default worker group of the namespace's tasks (null: inherited)"),
  createdAt: timestamp.nullable().optional(),
  updatedAt: timestamp.nullable().optional(),
});
export const namespaceListResponse = list(z.strictObject({ name: z.string(), explicit: z.boolean(), flows: z.number().int() }), paged);
export const namespaceDeletedResponse = deleted({ name: z.string() });
export const inheritedVariablesResponse = list(
  z.strictObject({ key: z.string(), value: z.unknown(), namespace: z.string(), overrides: z.array(z.string()).describe("nearer namespaces whose value wins over this one") }),
  hidden,
);
export const inheritedPluginDefaultsResponse = list(
  z.strictObject({ type: z.string(), property: z.string(), value: z.unknown(), namespace: z.string(), forced: z.boolean(), overrides: z.array(z.string()) }),
  hidden,
);
const backendSource = z.union([z.strictObject({ level: z.literal("namespace"), namespace: z.string() }), z.strictObject({ level: z.enum(["tenant", "instance"]) })]);
const backendInForce = z.strictObject({ config: z.record(z.string(), z.unknown()), source: backendSource });
const backendStep = z.strictObject({ source: backendSource, config: backendConfig });
export const backendsResponse = z.strictObject({
  storage: backendInForce,
  secrets: backendInForce,
  storageOrder: z.array(backendStep),
  secretOrder: z.array(backendStep),
});

const kvType = z.enum(["STRING", "NUMBER", "BOOLEAN", "DATETIME", "DATE", "DURATION", "JSON"]);
export const kvEntryResponse = z.strictObject({
  key: z.string(),
  namespace: z.string(),
  type: kvType,
  value: z.unknown(),
  expiresAt: timestamp.nullable(),
  version: z.number().int(),
  created: timestamp,
  updated: timestamp,
  inheritedFrom: z.string().optional().describe("the ancestor namespace the entry comes from"),
});
export const kvListResponse = list(
  kvEntryResponse.omit({ value: true }).extend({ preview: z.string(), size: z.number().int() }).strict(),
  { ...hidden, page: paged.page.optional(), size: paged.size.optional() },
);
export const kvDeletedResponse = deleted({ key: z.string(), namespace: z.string() });

export const secretResponse = z.strictObject({ key: z.string(), namespace: z.string().nullable(), description: z.string(), createdAt: timestamp, updatedAt: timestamp });
export const secretListResponse = list(secretListItem.strict(), { hidden: hidden.hidden.optional(), page: paged.page.optional(), size: paged.size.optional() });
export const secretDeletedResponse = deleted({ key: z.string(), namespace: z.string().nullable() });

export const fileResponse = fileEntrySchema.strict();
export const fileListResponse = list(fileResponse, { ...paged, path: z.string().optional().describe("the folder listed (?path=)") });
export const fileMovedResponse = z.strictObject({ path: z.string(), type: z.enum(["file", "folder"]), moved: z.number().int().describe("files moved") });
export const fileDeletedResponse = z.strictObject({ path: z.string(), type: z.enum(["file", "folder"]), deleted: z.number().int().describe("files deleted") });
/** POST …/files/{path} answers a folder it created (201) or a move (200) */
export const fileActionResponse = z.union([fileResponse, fileMovedResponse]);

export const auditLogListResponse = list(
  z.strictObject({
    id: z.string(),
    actorName: z.string(),
    via: z.string(),
    tokenId: z.string().nullable(),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string(),
    namespace: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    createdAt: timestamp,
  }),
  { page: paged.page.optional(), size: paged.size.optional() },
);

export const instanceAuditLogListResponse = list(
  z.strictObject({
    id: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string(),
    via: z.string(),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    createdAt: timestamp,
  }),
  { page: paged.page.optional(), size: paged.size.optional() },
);

/** Answers that are not JSON: a body of this content type. */
export const csvResponse = z.string().describe("text/csv");
export const bytesResponse = z.string().describe("the file's bytes");

const stateName = z.enum(["CREATED", "QUEUED", "RUNNING", "PAUSED", "RETRYING", "RETRIED", "RESTARTED", "KILLING", "SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "SKIPPED"]);
const stateView = z.strictObject({
  current: stateName,
  histories: z.array(z.strictObject({ state: stateName, date: timestamp })),
  startDate: timestamp,
  endDate: timestamp.nullable(),
  duration: z.string().nullable().describe("ISO-8601 duration (PT1.5S)"),
});
const taskRunItem = z.strictObject({
  id: z.string(),
  executionId: z.string(),
  taskId: z.string(),
  parentTaskRunId: z.string().nullable(),
  value: z.string().nullable().describe("the item of a loop"),
  iteration: z.number().int().nullable(),
  state: stateView,
  attempts: z.array(z.strictObject({ number: z.number().int(), workerId: z.string().nullable(), state: stateView })),
  outputs: z.record(z.string(), z.unknown()).nullable(),
});
const executionFields = {
  id: z.string(),
  namespace: z.string(),
  flowId: z.string(),
  flowRevision: z.number().int(),
  inputs: z.record(z.string(), z.unknown()),
  labels: z.array(z.strictObject({ key: z.string(), value: z.string() })),
  state: stateView,
  outputs: z.record(z.string(), z.unknown()).nullable(),
  trigger: z.looseObject({ kind: z.string() }).nullable().describe("what started it: api, cli, manual, schedule, flow, webhook, subflow"),
  parentId: z.string().nullable(),
  originalId: z.string().nullable().describe("the execution a replay replays"),
  scheduleDate: timestamp.nullable(),
};
export const executionSummaryResponse = z.strictObject(executionFields);
export const executionResponse = z.strictObject({
  ...executionFields,
  taskRunList: z.array(taskRunItem).describe("one page of task runs, in creation order"),
  taskRunTotal: z.number().int(),
  queued: z
    .strictObject({
      limit: z.enum(["flow", "namespace", "tenant"]),
      scope: z.string().describe("the flow (namespace.flowId), the namespace or the tenant the limit is set on"),
      slots: z.number().int(),
      running: z.number().int(),
      position: z.number().int().describe("1: next to start when a slot frees"),
    })
    .nullable()
    .optional()
    .describe("for a QUEUED execution: the concurrency limit it waits for and its place in that limit's queue"),
});
export const executionListResponse = list(executionSummaryResponse, paged);
export const evalResponse = z.strictObject({ result: z.string() });
export const executionDeletedResponse = deleted({ id: z.string() });
const logLevel = z.enum(["TRACE", "DEBUG", "INFO", "WARN", "ERROR"]);
export const logEntry = z.strictObject({
  id: z.number().int(),
  namespace: z.string(),
  flowId: z.string(),
  executionId: z.string(),
  taskRunId: z.string().nullable(),
  taskId: z.string().nullable(),
  attemptNumber: z.number().int().nullable(),
  level: logLevel,
  timestamp,
  message: z.string(),
});
export const logListResponse = list(logEntry, { next: z.number().int().nullable().describe("ask ?after=<next> for the next page; null at the end") });
export const eventStreamResponse = z.string().describe("text/event-stream");
export const textResponse = z.string().describe("text/plain");

export const triggerResponse = z.strictObject({
  namespace: z.string(),
  flowId: z.string(),
  triggerId: z.string(),
  type: z.string(),
  nextExecutionDate: timestamp.nullable().describe("the next date it fires (null: disabled, or nothing to fire)"),
  date: timestamp.nullable().describe("the last date it fired"),
  executionId: z.string().nullable().describe("the last execution it started"),
  disabled: z.boolean(),
  locked: z.boolean().describe("a scheduler holds it now (a stuck lock is released by unlock)"),
  lockedBy: z.string().nullable(),
  lockedUntil: timestamp.nullable(),
  backfill: z.strictObject({ start: timestamp, end: timestamp.nullable(), currentDate: timestamp.nullable(), paused: z.boolean() }).nullable(),
  updated: timestamp,
});
export const triggerListResponse = list(triggerResponse, paged);
