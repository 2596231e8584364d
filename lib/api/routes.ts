import { z } from "zod";
import type { Action, Permission } from "../authz/permissions";
import { kvInput } from "../kv/schemas";
import { fileAction } from "../files/schemas";
import { namespaceInput, namespaceUpdate } from "../namespaces/schemas";
import { secretInput } from "../secrets/schemas";
import * as R from "./responses";
import { bindingInput, groupInput, groupUpdate, roleInput, roleUpdate } from "../rbac/schemas";
import { tenantAdminInput, tenantInput, tenantUpdate } from "../tenants/schemas";
import { passwordResetInput } from "../users/schemas";
import { workerGroupInput, workerGroupUpdate } from "../workers/schemas";
import { backfillInput, triggerUpdate } from "../triggers/schemas";

// Every API route, in one machine-readable list: the OpenAPI document is generated from it, and a
// test fails when a route handler exists that this list lacks (or the other way round).

export type Method = "GET" | "POST" | "PUT" | "DELETE";
export type RouteSpec = {
  method: Method;
  /** OpenAPI-style path; `{tenant}` routes also answer without it for the default tenant */
  path: string;
  summary: string;
  /**
   * The permission the route needs, enforced where the request enters (lib/api/handler.ts) and
   * read by the isolation matrix and the OpenAPI document; null for instance-level routes.
   */
  permission: Permission | null;
  /** the action(s) it needs, any of them (by default: GET READ, POST CREATE, PUT UPDATE, DELETE DELETE) */
  action?: Action | readonly Action[];
  /** a namespaced permission that this route needs tenant-wide (tenant-level secrets) */
  tenantWide?: boolean;
  /**
   * Path parameters whose rule is more than "a string" (a catch-all `{path}` is a list of names):
   * checked at the edge, after the permission, and handed to the handler parsed (400 when broken)
   */
  params?: Record<string, z.ZodType>;
  /**
   * The body: a JSON (or YAML) object's schema, a YAML flow, or raw bytes (a file upload). The
   * edge streams it with its size limit, parses and validates it, and hands the handler `body`.
   */
  body?: z.ZodType | "yaml" | "binary" | "inputs" | "text";
  /** the body's size limit in bytes (default 1 MiB; a file upload: the configured file size limit) */
  bodyLimit?: number;
  /** answers 201 on success */
  creates?: boolean;
  /** answers 202 on success: the work was handed to the engine */
  accepted?: boolean;
  /** answers 201 when it created the resource, 200 when it replaced it */
  upsert?: boolean;
  /** the success body (lib/api/responses.ts): the OpenAPI document's answer, and what tests hold answers to */
  response?: z.ZodType;
  /** the success body's content type when it is not JSON (a download, a CSV export) */
  responseType?: string;
  /**
   * Path parameters served from a folder of another name: Next.js allows one dynamic name per level
   * (`executions/{namespace}/{flowId}` lives beside `executions/{executionId}`)
   */
  folders?: Record<string, string>;
  ifMatch?: "required" | "optional";
  paged?: boolean;
  public?: boolean;
};


export const RESPONSES = { flow: R.flowResponse };

/** Every error answer: `{"error": {"code", "message", "details"}}` (SPEC §5). */
export const ERROR_RESPONSE = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(
      z.object({ path: z.string().optional(), line: z.number().int().optional(), column: z.number().int().optional(), message: z.string() }).strict(),
    ),
  }).strict(),
});

/** A revision number in a URL: a positive integer that fits the column. */
const revisionParam = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, "A revision is a positive integer")
  .transform(Number)
  .refine((n) => n <= 2_147_483_647, "A revision is a positive integer");

const WEBHOOK_SUMMARY =
  "Start the flow through its Webhook trigger whose key is {key}: no login, the key is the credential. trigger.body (JSON parsed, other text as text, bytes base64 or, with fetchType STORE, stored as trigger.uri), trigger.headers and trigger.parameters (name -> list of values), a multipart form's trigger.formFields and its files stored as trigger.parts (name -> kestra:/// URI); the trigger's inputs rendered with them. Answers the execution, or with the trigger's wait the ended one (500 when it FAILED), with returnOutputs its outputs (in responseContentType when set); 204 when its conditions do not hold; 404 alike for a wrong key, a missing or disabled flow or trigger; 429 (Retry-After) past the tenant's webhook rate";

const LISTED = [
  { method: "GET", path: "/api/v1/openapi.json", summary: "This document", permission: null, public: true , response: R.openApiResponse },
  { method: "GET", path: "/api/v1/health", summary: "Liveness: {\"status\": \"ok\"}, without authentication or database", permission: null, public: true , response: R.healthResponse },
  { method: "GET", path: "/api/v1/me", summary: "The caller and the tenants they can access", permission: null , response: R.meResponse },
  { method: "GET", path: "/api/v1/plugins", summary: "The installed plugins (first-party, and the packages TENANTFLOW_PLUGINS names) with their groups and types; the packages that failed to load, with why, for superadmins only", permission: null, response: R.pluginListResponse },
  { method: "GET", path: "/api/v1/tenants", summary: "List tenants (superadmin or TENANT:CREATE)", permission: null , response: R.tenantListResponse },
  { method: "POST", path: "/api/v1/tenants", summary: "Create a tenant", permission: null, body: tenantInput, creates: true , response: R.tenantResponse },
  { method: "GET", path: "/api/v1/tenants/{id}", summary: "Get a tenant", permission: null , response: R.tenantResponse },
  { method: "PUT", path: "/api/v1/tenants/{id}", summary: "Edit a tenant's name or description; its backends and default worker group (superadmin)", permission: null, body: tenantUpdate , response: R.tenantResponse },
  { method: "DELETE", path: "/api/v1/tenants/{id}", summary: "Soft-delete a tenant", permission: null , response: R.tenantResponse },
  { method: "POST", path: "/api/v1/tenants/{id}/restore", summary: "Restore a deleted tenant (superadmin)", permission: null , response: R.tenantResponse },
  { method: "POST", path: "/api/v1/tenants/{id}/admins", summary: "Make a user the tenant's tenant-wide Admin: the recovery of a tenant without one (superadmin)", permission: null, body: tenantAdminInput, creates: true , response: R.tenantAdminResponse },
  { method: "GET", path: "/api/v1/admin/users", summary: "Instance users, searched by username or display name (q; superadmin)", permission: null, paged: true, response: R.userListResponse },
  { method: "GET", path: "/api/v1/admin/users/{username}", summary: "One user: tenants and roles, API tokens, sign-ins (superadmin)", permission: null, response: R.userDetailResponse },
  { method: "POST", path: "/api/v1/admin/users/{username}/password", summary: "Reset a user's password (given, or generated and answered once); their sessions end (superadmin)", permission: null, body: passwordResetInput, response: R.passwordResetResponse },
  { method: "DELETE", path: "/api/v1/admin/users/{username}/sessions", summary: "End every session of a user; API tokens stay valid (superadmin)", permission: null, response: R.sessionsEndedResponse },
  { method: "POST", path: "/api/v1/admin/users/{username}/disable", summary: "Disable a user: no sign-in, sessions and API tokens end (superadmin)", permission: null , response: R.userResponse },
  { method: "POST", path: "/api/v1/admin/users/{username}/enable", summary: "Enable a disabled user again (superadmin)", permission: null , response: R.userResponse },
  { method: "GET", path: "/api/v1/admin/worker-groups", summary: "Worker groups with their live workers, and the live workers of the default group (superadmin)", permission: null, response: R.workerGroupListResponse },
  { method: "POST", path: "/api/v1/admin/worker-groups", summary: "Define a worker group: its key, description and allowed tenants (none: every tenant; superadmin)", permission: null, body: workerGroupInput, creates: true, response: R.workerGroupResponse },
  { method: "GET", path: "/api/v1/admin/worker-groups/{key}", summary: "One worker group with its live workers (superadmin)", permission: null, response: R.workerGroupDetailResponse },
  { method: "PUT", path: "/api/v1/admin/worker-groups/{key}", summary: "Edit a worker group's description or allowed tenants (superadmin)", permission: null, body: workerGroupUpdate, response: R.workerGroupResponse },
  { method: "DELETE", path: "/api/v1/admin/worker-groups/{key}", summary: "Delete a worker group: its waiting tasks follow their workerGroup.fallback (superadmin)", permission: null, response: R.workerGroupDeletedResponse },
  { method: "GET", path: "/api/v1/admin/auditlogs", summary: "The instance audit log: tenants, users, tokens (actor, action, resourceType, from, to; superadmin)", permission: null, paged: true, response: R.instanceAuditLogListResponse },
  { method: "GET", path: "/api/v1/admin/auditlogs/export", summary: "The filtered instance audit log as CSV (superadmin)", permission: null, response: R.csvResponse, responseType: "text/csv" },
  { method: "GET", path: "/api/v1/{tenant}/users", summary: "Users with access to the tenant", permission: "USER", paged: true , response: R.tenantUserListResponse },
  { method: "PUT", path: "/api/v1/{tenant}/users/{username}", summary: "Grant a user access to the tenant", permission: "USER", action: "CREATE" , response: R.accessGrantedResponse },
  { method: "DELETE", path: "/api/v1/{tenant}/users/{username}", summary: "Revoke a user's access to the tenant", permission: "USER" , response: R.accessRevokedResponse },
  { method: "GET", path: "/api/v1/{tenant}/roles", summary: "List roles", permission: "ROLE" , response: R.roleListResponse },
  { method: "POST", path: "/api/v1/{tenant}/roles", summary: "Create a custom role", permission: "ROLE", body: roleInput, creates: true , response: R.roleResponse },
  { method: "GET", path: "/api/v1/{tenant}/roles/{id}", summary: "Get a role", permission: "ROLE" , response: R.roleResponse },
  { method: "PUT", path: "/api/v1/{tenant}/roles/{id}", summary: "Edit a custom role", permission: "ROLE", body: roleUpdate, ifMatch: "optional" , response: R.roleResponse },
  { method: "DELETE", path: "/api/v1/{tenant}/roles/{id}", summary: "Delete a custom role", permission: "ROLE" , response: R.roleDeletedResponse },
  { method: "GET", path: "/api/v1/{tenant}/groups", summary: "List groups", permission: "GROUP" , response: R.groupListResponse },
  { method: "POST", path: "/api/v1/{tenant}/groups", summary: "Create a group", permission: "GROUP", body: groupInput, creates: true , response: R.groupResponse },
  { method: "GET", path: "/api/v1/{tenant}/groups/{id}", summary: "Get a group", permission: "GROUP" , response: R.groupResponse },
  { method: "PUT", path: "/api/v1/{tenant}/groups/{id}", summary: "Edit a group", permission: "GROUP", body: groupUpdate , response: R.groupResponse },
  { method: "DELETE", path: "/api/v1/{tenant}/groups/{id}", summary: "Delete a group", permission: "GROUP" , response: R.deletedById },
  { method: "GET", path: "/api/v1/{tenant}/bindings", summary: "List bindings", permission: "BINDING" , response: R.bindingListResponse },
  { method: "POST", path: "/api/v1/{tenant}/bindings", summary: "Bind a role to a user or group", permission: "BINDING", body: bindingInput, creates: true , response: R.bindingResponse },
  { method: "DELETE", path: "/api/v1/{tenant}/bindings/{id}", summary: "Delete a binding", permission: "BINDING" , response: R.deletedById },
  { method: "POST", path: "/api/v1/{tenant}/flows", summary: "Create a flow from YAML", permission: "FLOW", body: "yaml", creates: true , response: R.flowResponse },
  { method: "GET", path: "/api/v1/{tenant}/flows/search", summary: "Search flows (q, namespace prefix, page, size ≤ 100)", permission: "FLOW", paged: true , response: R.flowListResponse },
  { method: "GET", path: "/api/v1/{tenant}/flows/{namespace}", summary: "Flows of one namespace", permission: "FLOW", paged: true , response: R.flowListResponse },
  { method: "GET", path: "/api/v1/{tenant}/flows/{namespace}/{id}", summary: "Get a flow (ETag: its revision; ?source=true with Accept: application/x-yaml for the YAML)", permission: "FLOW" , response: R.flowResponse },
  { method: "PUT", path: "/api/v1/{tenant}/flows/{namespace}/{id}", summary: "Save a new revision of a flow", permission: "FLOW", body: "yaml", ifMatch: "required" , response: R.flowResponse },
  { method: "DELETE", path: "/api/v1/{tenant}/flows/{namespace}/{id}", summary: "Delete a flow (revisions are kept)", permission: "FLOW" , response: R.flowDeletedResponse },
  { method: "GET", path: "/api/v1/{tenant}/flows/{namespace}/{id}/dependencies", summary: "The flows a flow runs as subflows, those that run it, those whose executions start it and those its executions start (only flows the caller may read)", permission: "FLOW", response: R.flowDependenciesResponse },
  { method: "GET", path: "/api/v1/{tenant}/flows/{namespace}/{id}/revisions", summary: "Revisions of a flow, a page at a time, without sources", permission: "FLOW" , response: R.revisionListResponse },
  { method: "GET", path: "/api/v1/{tenant}/flows/{namespace}/{id}/revisions/{revision}", summary: "One revision with its source", permission: "FLOW", params: { revision: revisionParam } , response: R.revisionResponse },
  { method: "POST", path: "/api/v1/{tenant}/flows/{namespace}/{id}/revisions/{revision}/restore", summary: "Restore a revision as a new one", permission: "FLOW", params: { revision: revisionParam }, ifMatch: "required", action: "UPDATE" , response: R.flowResponse },
  { method: "GET", path: "/api/v1/{tenant}/namespaces", summary: "Namespaces the caller may read", permission: "NAMESPACE" , response: R.namespaceListResponse },
  { method: "POST", path: "/api/v1/{tenant}/namespaces", summary: "Create an explicit namespace", permission: "NAMESPACE", body: namespaceInput, creates: true , response: R.namespaceResponse },
  { method: "GET", path: "/api/v1/{tenant}/namespaces/{namespace}", summary: "Get a namespace", permission: "NAMESPACE" , response: R.namespaceResponse },
  { method: "PUT", path: "/api/v1/{tenant}/namespaces/{namespace}", summary: "Edit a namespace's description, variables, plugin defaults, allowed namespaces or (superadmin) backends; only the fields sent change", permission: "NAMESPACE", body: namespaceUpdate, ifMatch: "optional" , response: R.namespaceResponse },
  { method: "DELETE", path: "/api/v1/{tenant}/namespaces/{namespace}", summary: "Remove a namespace's explicit record", permission: "NAMESPACE" , response: R.namespaceDeletedResponse },
  { method: "GET", path: "/api/v1/{tenant}/namespaces/{namespace}/inherited-variables", summary: "Variables in force (own and inherited, nearest wins) with where each is defined", permission: "NAMESPACE" , response: R.inheritedVariablesResponse },
  { method: "GET", path: "/api/v1/{tenant}/namespaces/{namespace}/inherited-plugindefaults", summary: "Plugin defaults in force, property by property (nearest wins; a forced ancestor wins)", permission: "NAMESPACE" , response: R.inheritedPluginDefaultsResponse },
  { method: "GET", path: "/api/v1/{tenant}/namespaces/{namespace}/backends", summary: "Storage and secret backends in force and their resolution order", permission: "NAMESPACE" , response: R.backendsResponse },
  { method: "GET", path: "/api/v1/{tenant}/namespaces/{namespace}/kv", summary: "KV entries of a namespace, without values (?inherited=true adds the ancestors' that allow it; the nearest wins)", permission: "KVSTORE", paged: true , response: R.kvListResponse },
  { method: "GET", path: "/api/v1/{tenant}/namespaces/{namespace}/kv/{key}", summary: "Read a KV entry, from the nearest ancestor that allows it when the namespace has none (?inherited=false: its own only; ETag: its version)", permission: "KVSTORE" , response: R.kvEntryResponse },
  { method: "PUT", path: "/api/v1/{tenant}/namespaces/{namespace}/kv/{key}", summary: "Create (201) or replace (200) a KV entry; If-Match guards a stale read, If-None-Match: * creates only", permission: "KVSTORE", body: kvInput, ifMatch: "optional", action: ["CREATE", "UPDATE"] , response: R.kvEntryResponse, upsert: true },
  { method: "DELETE", path: "/api/v1/{tenant}/namespaces/{namespace}/kv/{key}", summary: "Delete a KV entry of the namespace (If-Match optional)", permission: "KVSTORE", ifMatch: "optional" , response: R.kvDeletedResponse },
  { method: "GET", path: "/api/v1/{tenant}/namespaces/{namespace}/files", summary: "A folder of the namespace's files (?path=folder; ?recursive=true for every file)", permission: "FLOW" , response: R.fileListResponse },
  { method: "GET", path: "/api/v1/{tenant}/namespaces/{namespace}/files/{path}", summary: "Download a file (its raw bytes, as an attachment)", permission: "FLOW" , response: R.bytesResponse, responseType: "application/octet-stream" },
  { method: "PUT", path: "/api/v1/{tenant}/namespaces/{namespace}/files/{path}", summary: "Upload a file as the raw body (201 created, 200 replaced, 413 over the size limit)", permission: "FLOW", body: "binary", action: ["CREATE", "UPDATE"] , response: R.fileResponse, upsert: true },
  { method: "POST", path: "/api/v1/{tenant}/namespaces/{namespace}/files/{path}", summary: 'Rename or move a file or folder ({"action":"move","to":"new/path"}), or create an empty folder ({"action":"createFolder"}, 201)', permission: "FLOW", body: fileAction, action: ["CREATE", "UPDATE"] , response: R.fileActionResponse },
  { method: "DELETE", path: "/api/v1/{tenant}/namespaces/{namespace}/files/{path}", summary: "Delete a file, or a folder with everything in it", permission: "FLOW" , response: R.fileDeletedResponse },
  { method: "GET", path: "/api/v1/{tenant}/secrets", summary: "The tenant-level secrets: keys, descriptions and dates, never values (SECRET:READ tenant-wide)", permission: "SECRET", paged: true, tenantWide: true , response: R.secretListResponse },
  { method: "PUT", path: "/api/v1/{tenant}/secrets/{key}", summary: "Create or replace a tenant-level secret (key: a letter then letters, digits, _; at most 255). A value over 64 KiB is 413; a read-only (env) backend is 409. The answer never holds the value", permission: "SECRET", body: secretInput, upsert: true, action: ["CREATE", "UPDATE"], tenantWide: true , response: R.secretResponse },
  { method: "DELETE", path: "/api/v1/{tenant}/secrets/{key}", summary: "Delete a tenant-level secret", permission: "SECRET", tenantWide: true , response: R.secretDeletedResponse },
  { method: "GET", path: "/api/v1/{tenant}/namespaces/{namespace}/secrets", summary: "The namespace's effective secrets: its own, those of each ancestor that allows it and the tenant's, nearest wins; inherited ones carry inheritedFrom ({level: namespace, namespace} or {level: tenant}); never values", permission: "SECRET", paged: true , response: R.secretListResponse },
  { method: "PUT", path: "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}", summary: "Create or replace a namespace secret (key: a letter then letters, digits, _; at most 255). A value over 64 KiB is 413; a read-only (env) backend is 409. The answer never holds the value", permission: "SECRET", body: secretInput, upsert: true, action: ["CREATE", "UPDATE"] , response: R.secretResponse },
  { method: "DELETE", path: "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}", summary: "Delete a namespace secret", permission: "SECRET" , response: R.secretDeletedResponse },
  { method: "GET", path: "/api/v1/{tenant}/auditlogs", summary: "The tenant's audit log (actor, action, resourceType, namespace, from, to)", permission: "AUDITLOG", paged: true , response: R.auditLogListResponse },
  { method: "GET", path: "/api/v1/{tenant}/auditlogs/export", summary: "The filtered audit log as CSV", permission: "AUDITLOG" , response: R.csvResponse, responseType: "text/csv" },
  { method: "POST", path: "/api/v1/{tenant}/executions/{namespace}/{flowId}", folders: { namespace: "executionId" }, summary: "Start an execution of a flow: inputs as a multipart form (files for FILE inputs) or a JSON object; ?labels=key:value (repeatable), ?revision=N, ?scheduleDate=ISO instant, ?wait=true answers when it ended. A bad input is 422 naming it, and nothing is created", permission: "EXECUTION", body: "inputs", creates: true, response: R.executionResponse },
  { method: "GET", path: "/api/v1/{tenant}/executions/search", summary: "Search executions the caller may read (namespace prefix, flowId, state (repeatable), labels=key:value (repeatable), startDate and endDate (started between), timeRange (started within, PT10H), q, sort, page, size ≤ 100)", permission: "EXECUTION", paged: true, response: R.executionListResponse },
  { method: "GET", path: "/api/v1/{tenant}/executions/{executionId}", summary: "An execution with a page of its task runs in creation order (?taskRunPage=, ?taskRunSize= ≤ 1000; taskRunTotal counts them all); a QUEUED one says in `queued` which concurrency limit it waits for and its place in that queue", permission: "EXECUTION", response: R.executionResponse },
  { method: "DELETE", path: "/api/v1/{tenant}/executions/{executionId}", summary: "Delete an ended execution with its task runs and logs (a running one is 409: kill it first)", permission: "EXECUTION", response: R.executionDeletedResponse },
  { method: "GET", path: "/api/v1/{tenant}/executions/{executionId}/follow", summary: "Server-Sent Events: the execution each time it changes, until it ends (heartbeat comments in between)", permission: "EXECUTION", response: R.eventStreamResponse, responseType: "text/event-stream" },
  { method: "DELETE", path: "/api/v1/{tenant}/executions/{executionId}/kill", summary: "Kill a running execution (202: the executor kills its running task runs); 409 when it has ended", permission: "EXECUTION", action: "UPDATE", accepted: true, response: R.executionSummaryResponse },
  { method: "POST", path: "/api/v1/{tenant}/executions/{executionId}/restart", summary: "Restart a FAILED or KILLED execution from its failed task runs (new attempts; RESTARTED then RUNNING)", permission: "EXECUTION", response: R.executionResponse },
  { method: "POST", path: "/api/v1/{tenant}/executions/{executionId}/replay", summary: "Replay an ended execution as a new one (originalId), from the beginning or from ?taskRunId= (the task runs before it copied as they were)", permission: "EXECUTION", creates: true, response: R.executionResponse },
  { method: "GET", path: "/api/v1/{tenant}/executions/{executionId}/file", summary: "Download one of the execution's files (?path=kestra:///…: a FILE input, a task's output file) as an attachment; 422 for a URI outside the execution's folder", permission: "EXECUTION", response: R.bytesResponse, responseType: "application/octet-stream" },
  { method: "POST", path: "/api/v1/{tenant}/executions/{executionId}/eval/{taskRunId}", summary: "Evaluate an expression (the text/plain body) against the execution, with the variables the engine gives that task run: {result}, or 422 with the expression's error. A read: secret(), kv() and read() are not available, SECRET inputs stay sealed", permission: "EXECUTION", action: "READ", body: "text", bodyLimit: 64 * 1024, response: R.evalResponse },
  { method: "POST", path: "/api/v1/{tenant}/executions/{executionId}/resume", summary: "Resume a PAUSED execution, with the Pause task's onResume inputs as a multipart form or a JSON object (202)", permission: "EXECUTION", action: "UPDATE", body: "inputs", accepted: true, response: R.executionSummaryResponse },
  { method: "GET", path: "/api/v1/{tenant}/logs/{executionId}", summary: "An execution's log lines in order (minLevel, taskRunId, taskId; ?after=<log id> and size ≤ 1000 page them; next is the id to ask after)", permission: "EXECUTION", response: R.logListResponse },
  { method: "GET", path: "/api/v1/{tenant}/logs/{executionId}/follow", summary: "Server-Sent Events: the log lines as they are written (id: the log id; resumes after Last-Event-ID), until the execution ended", permission: "EXECUTION", response: R.eventStreamResponse, responseType: "text/event-stream" },
  { method: "GET", path: "/api/v1/{tenant}/logs/{executionId}/download", summary: "An execution's logs as a text file, one line per entry (minLevel, taskRunId, taskId)", permission: "EXECUTION", response: R.textResponse, responseType: "text/plain" },
  { method: "GET", path: "/api/v1/{tenant}/executions/webhook/{namespace}/{flowId}/{key}", summary: WEBHOOK_SUMMARY, permission: null, public: true, response: R.executionResponse },
  { method: "POST", path: "/api/v1/{tenant}/executions/webhook/{namespace}/{flowId}/{key}", summary: WEBHOOK_SUMMARY, permission: null, public: true, response: R.executionResponse },
  { method: "PUT", path: "/api/v1/{tenant}/executions/webhook/{namespace}/{flowId}/{key}", summary: WEBHOOK_SUMMARY, permission: null, public: true, response: R.executionResponse },
  { method: "GET", path: "/api/v1/{tenant}/triggers/search", summary: "Schedule and Webhook triggers of the flows the caller may read (namespace prefix, flowId, page, size ≤ 100): next and last date, disabled, locked, backfill", permission: "FLOW", paged: true, response: R.triggerListResponse },
  { method: "PUT", path: "/api/v1/{tenant}/flows/{namespace}/{id}/triggers/{triggerId}", summary: 'Disable or enable a trigger without editing the flow ({"disabled": true|false}); enabled again, it starts over from now', permission: "FLOW", body: triggerUpdate, response: R.triggerResponse },
  { method: "POST", path: "/api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/unlock", summary: "Release a stuck trigger's lock", permission: "FLOW", action: "UPDATE", response: R.triggerResponse },
  { method: "PUT", path: "/api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill", summary: 'Set a backfill ({"start", "end"?, "inputs"?, "labels"?}): every date from start to end (now by default) fires in order, a few per scheduler pass', permission: "FLOW", body: backfillInput, response: R.triggerResponse },
  { method: "POST", path: "/api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill/pause", summary: "Pause a trigger's backfill", permission: "FLOW", action: "UPDATE", response: R.triggerResponse },
  { method: "POST", path: "/api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill/unpause", summary: "Resume a trigger's paused backfill", permission: "FLOW", action: "UPDATE", response: R.triggerResponse },
  { method: "DELETE", path: "/api/v1/{tenant}/triggers/{namespace}/{flowId}/{triggerId}/backfill", summary: "Remove a trigger's backfill (the dates it fired stay)", permission: "FLOW", action: "UPDATE", response: R.triggerResponse },
] as const satisfies readonly RouteSpec[];

export const API_ROUTES: readonly RouteSpec[] = LISTED;


const DEFAULT_ACTION: Record<Method, Action> = { GET: "READ", POST: "CREATE", PUT: "UPDATE", DELETE: "DELETE" };

/** The actions a route accepts (any one of them suffices at the edge). */
export const routeActions = (r: RouteSpec): Action[] => (r.action === undefined ? [DEFAULT_ACTION[r.method]] : ([] as Action[]).concat(r.action));

type ListedRoute = (typeof LISTED)[number];

/** A route's key, as route handlers name their entry: `"PUT /api/v1/{tenant}/flows/{namespace}/{id}"`. */
export type RouteKey = `${Method} /api/v1/${string}`;

/** The route's folder under app/api/v1, as an OpenAPI-style path (its `folders` applied). */
export const folderPath = (r: RouteSpec) => r.path.replace(/\{(\w+)\}/g, (_, name: string) => `{${r.folders?.[name] ?? name}}`);

/** The route list's entry for a key, with its declared schemas' types. */
export type RouteOf<K extends RouteKey> = K extends `${infer M} ${infer P}` ? Extract<ListedRoute, { method: M; path: P }> : never;

// `{name}` in a path is a string, the catch-all `{path}` a list of names
type PathParams<P extends string> = P extends `${string}{${infer N}}${infer Rest}`
  ? { [K in N]: K extends "path" ? string[] : string } & PathParams<Rest>
  : unknown;
type Flatten<T> = { [K in keyof T]: T[K] };

/** The parameters a route's handler receives: strings, or what the route's `params` declare. */
export type ParamsOf<R> = R extends { path: infer P extends string }
  ? Flatten<
      R extends { params: infer S extends Record<string, z.ZodType> }
        ? Omit<PathParams<P>, keyof S> & { [K in keyof S]: z.output<S[K]> }
        : PathParams<P>
    >
  : never;

/** The body a route's handler receives: the validated JSON as sent, a flow's YAML or a file's bytes. */
export type BodyOf<R> = R extends { body: infer S }
  ? S extends "yaml"
    ? string
    : S extends "binary"
      ? Uint8Array
      : S extends "inputs"
        ? Record<string, unknown>
      : S extends "text"
        ? string
      : S extends z.ZodType
        ? z.input<S>
        : undefined
  : undefined;

const byKey = new Map<string, RouteSpec>(API_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const));

/** The route list's entry for a handler; a handler missing from the list fails at import. */
export function routeSpec<K extends RouteKey>(key: K): RouteOf<K> & RouteSpec {
  const spec = byKey.get(key);
  if (!spec) throw new Error(`${key} is not in the API route list (lib/api/routes.ts)`);
  return spec as RouteOf<K> & RouteSpec;
}
