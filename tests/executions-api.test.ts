import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as executionRoute from "@/app/api/v1/[tenant]/executions/[executionId]/route";
import { GET as fileRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/file/route";
import { POST as startRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/[flowId]/route";
import { GET as followRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/follow/route";
import { DELETE as killRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/kill/route";
import { POST as restartRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/restart/route";
import { POST as replayRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/replay/route";
import { POST as resumeRoute } from "@/app/api/v1/[tenant]/executions/[executionId]/resume/route";
import { GET as searchRoute } from "@/app/api/v1/[tenant]/executions/search/route";
import { GET as logsRoute } from "@/app/api/v1/[tenant]/logs/[executionId]/route";
import { GET as logsFollowRoute } from "@/app/api/v1/[tenant]/logs/[executionId]/follow/route";
import { GET as downloadRoute } from "@/app/api/v1/[tenant]/logs/[executionId]/download/route";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { db } from "@/lib/db";
import { followExecution } from "@/lib/executions/executions";
import { closeFollowers } from "@/lib/executions/follow";
import { installEngine } from "@/lib/executions/install-engine";
import { type Role, resetEngine, runExecutor, runScheduler, runWorker } from "@/lib/executions/processes";
import { createFlow } from "@/lib/flows/flows";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { cli } from "./cli";
import { call, makeTenant, makeUser, request, tokenOf } from "./helpers";
import { emptyQueue } from "./executions/support/data";

// The executions API end to end, on the real engine running in this process: every route's happy
// path and refusals, inputs, paging, the follow streams read to their end, and the CLI.

const NS = "company.team";
const LOG = "io.kestra.plugin.core.log.Log";
const FLOWS = {
  hello: `id: hello
namespace: ${NS}
labels:
  team: data
inputs:
  - id: name
    type: STRING
  - id: times
    type: INT
    defaults: 1
tasks:
  - id: greet
    type: ${LOG}
    message: "hello {{ inputs.name }}"
  - id: again
    type: ${LOG}
    message: "again {{ inputs.times }}"
`,
  flaky: `id: flaky
namespace: ${NS}
tasks:
  - id: ok
    type: ${LOG}
    message: before
  - id: group
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: boom
        type: io.kestra.plugin.core.execution.Fail
        condition: "{{ taskrun.attemptsCount < 1 }}"
        errorMessage: first attempt fails
`,
  slow: `id: slow
namespace: ${NS}
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT10M
`,
  approve: `id: approve
namespace: ${NS}
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - id: approved
        type: BOOLEAN
  - id: after
    type: ${LOG}
    message: "approved {{ outputs.wait.onResume.approved }}"
`,
  off: `id: off
namespace: ${NS}
disabled: true
tasks:
  - id: t
    type: ${LOG}
    message: never
`,
  upload: `id: upload
namespace: ${NS}
inputs:
  - id: doc
    type: FILE
tasks:
  - id: t
    type: ${LOG}
    message: "{{ inputs.doc }}"
`,
  other: `id: other
namespace: other.place
tasks:
  - id: t
    type: ${LOG}
    message: elsewhere
`,
};

let tenant = "";
let token = "";
let viewerToken = "";
let otherToken = "";
let ctx: TenantContext;
let roles: Role[] = [];

const start = (flowId: string, opts: { body?: unknown; query?: string; headers?: Record<string, string>; token?: string; namespace?: string } = {}) =>
  call(startRoute, request("POST", `/${opts.query ?? ""}`, { token: opts.token ?? token, body: opts.body, headers: opts.headers }), {
    tenant,
    executionId: opts.namespace ?? NS,
    flowId,
  });
type Handler = (req: Request, args: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
const byId = (handler: Handler, method: string, executionId: string, opts: { query?: string; body?: unknown; headers?: Record<string, string>; token?: string } = {}) =>
  call(handler, request(method, `/${opts.query ?? ""}`, { token: opts.token ?? token, body: opts.body, headers: opts.headers }), { tenant, executionId });

/** Follows the execution (the domain stream the SSE route sends) until `until` holds. */
async function reach(executionId: string, until: (e: { state: { current: string }; taskRunList: { state: { current: string } }[] }) => boolean) {
  const stop = new AbortController();
  for await (const e of followExecution(ctx, executionId, stop.signal)) {
    if (until(e)) {
      stop.abort();
      return e;
    }
  }
  throw new Error(`execution ${executionId} ended without reaching the state`);
}
const ended = (executionId: string) => reach(executionId, (e) => ["SUCCESS", "WARNING", "FAILED", "KILLED"].includes(e.state.current));

/** The events of an SSE body: [{id, event, data}] */
function events(text: string) {
  return text
    .split("\n\n")
    .filter((b) => b.split("\n").some((l) => l.startsWith("data: ")))
    .map((block) => {
      const field = (name: string) => block.split("\n").find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
      return { id: field("id"), event: field("event"), data: JSON.parse(field("data")!) };
    });
}

describe("executions API", () => {
  beforeAll(async () => {
    await emptyQueue();
    installEngine();
    // a long lease: a loaded machine must not take an attempt back from a live worker here (lost
    // workers are the subject of tests/executions/worker-processes.test.ts and faults.test.ts)
    roles = [runExecutor({ pollMs: 100 }), runWorker({ pollMs: 100, concurrency: 4, leaseMs: 30_000, heartbeatMs: 500 }), runScheduler({ pollMs: 100 })];
    const admin = await makeUser();
    tenant = (await makeTenant(admin)).id;
    token = await tokenOf(admin);
    ctx = await tenantContext(cliActor(), tenant);
    for (const source of Object.values(FLOWS)) await createFlow(ctx, source);
    const viewer = await makeUser();
    await grantAccess(ctx, viewer.username);
    await createBinding(ctx, { user: viewer.username, role: "Viewer", namespace: NS });
    viewerToken = await tokenOf(viewer);
    const launcher = await makeUser();
    await grantAccess(ctx, launcher.username);
    await createBinding(ctx, { user: launcher.username, role: "Launcher", namespace: "other" });
    otherToken = await tokenOf(launcher);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(roles.map((r) => r.stop()));
    await closeFollowers();
    resetEngine();
  });

  it("starts an execution with JSON inputs and labels, waits for its end, and keeps its logs", async () => {
    const res = await start("hello", { body: { name: "world" }, query: "?wait=true&labels=env:test&labels=team:core" });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      namespace: NS,
      flowId: "hello",
      flowRevision: 1,
      inputs: { name: "world", times: 1 },
      labels: [{ key: "team", value: "core" }, { key: "env", value: "test" }],
      trigger: { kind: "api" },
      state: { current: "SUCCESS" },
      taskRunTotal: 2,
    });
    expect(res.json.state.histories.map((h: { state: string }) => h.state)).toEqual(["CREATED", "RUNNING", "SUCCESS"]);
    expect(res.json.taskRunList.map((t: { taskId: string; state: { current: string } }) => [t.taskId, t.state.current])).toEqual([["greet", "SUCCESS"], ["again", "SUCCESS"]]);
    const logs = await byId(logsRoute, "GET", res.json.id);
    expect(logs.status).toBe(200);
    expect(logs.json.results.map((l: { message: string }) => l.message)).toEqual(expect.arrayContaining(["hello world", "again 1"]));
    const audit = await db.auditLog.findFirst({ where: { tenantId: tenant, resourceType: "EXECUTION", resourceId: res.json.id } });
    expect(audit?.action).toBe("CREATE");
  });

  it("takes inputs as a multipart form", async () => {
    const form = new FormData();
    form.set("name", "form");
    form.set("times", "3");
    const body = new Response(form);
    const res = await start("hello", { body: await body.text(), headers: { "content-type": body.headers.get("content-type")! }, query: "?wait=true" });
    expect(res.status, res.text).toBe(201);
    expect(res.json.inputs).toEqual({ name: "form", times: 3 });
    expect(res.json.state.current).toBe("SUCCESS");
  });

  it("serves a FILE input back from the execution's files, to its readers only, and nothing outside its folder", async () => {
    const form = new FormData();
    form.set("doc", new Blob(["the uploaded bytes"]), "report.txt");
    const body = new Response(form);
    const res = await start("upload", { body: await body.text(), headers: { "content-type": body.headers.get("content-type")! }, query: "?wait=true" });
    expect(res.status, res.text).toBe(201);
    const uri = res.json.inputs.doc as string;
    expect(uri).toMatch(new RegExp(`^kestra:///company/team/upload/executions/${res.json.id}/.+/report\\.txt$`));
    const file = (query: string, who = token, executionId = res.json.id) => byId(fileRoute, "GET", executionId, { query, token: who });

    const got = await file(`?path=${encodeURIComponent(uri)}`);
    expect(got.status, got.text).toBe(200);
    expect(got.text).toBe("the uploaded bytes");
    expect(got.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''report.txt");
    expect(got.headers.get("content-type")).toBe("application/octet-stream");
    // a reader of the namespace may download it; a user of another namespace gets the execution's 404
    expect((await file(`?path=${encodeURIComponent(uri)}`, viewerToken)).status).toBe(200);
    expect((await file(`?path=${encodeURIComponent(uri)}`, otherToken)).status).toBe(404);
    // only the execution's own folder, and only internal URIs
    const hello = await start("hello", { body: { name: "x" } });
    for (const bad of ["", "?path=", `?path=${encodeURIComponent(uri.replace(res.json.id, hello.json.id))}`, "?path=kestra:///company/team/upload/x.txt", "?path=file:///etc/passwd", `?path=${encodeURIComponent(uri.replace("report.txt", "../../../../x"))}`]) {
      const answer = await file(bad);
      expect(answer.status, bad).toBe(422);
    }
    expect((await file(`?path=${encodeURIComponent(uri.replace("report.txt", "missing.txt"))}`)).status).toBe(404);
    expect((await file(`?path=${encodeURIComponent(uri)}`, token, "no-such-execution")).status).toBe(404);
  });

  it("refuses bad inputs with 422 naming each, and creates nothing", async () => {
    const before = await db.execution.count({ where: { tenantId: tenant } });
    const res = await start("hello", { body: { times: "many" } });
    expect(res.status).toBe(422);
    expect(res.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["inputs.name", "inputs.times"]);
    expect(await db.execution.count({ where: { tenantId: tenant } })).toBe(before);
    for (const [query, path] of [["?labels=nocolon", "labels"], ["?scheduleDate=tomorrow", "scheduleDate"], ["?revision=x", "revision"], ["?wait=maybe", "wait"]]) {
      const bad = await start("hello", { body: { name: "x" }, query });
      expect(bad.status, query).toBe(422);
      expect(bad.json.error.details[0].path).toBe(path);
    }
    expect((await start("hello", { body: "{", headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await start("hello", { body: "[1]" })).status).toBe(422);
    expect(await db.execution.count({ where: { tenantId: tenant } })).toBe(before);
  });

  it("refuses a disabled flow (409), an unknown flow or revision (404), and callers without EXECUTION:CREATE there", async () => {
    expect((await start("off")).status).toBe(409);
    expect((await start("nope")).status).toBe(404);
    expect((await start("hello", { body: { name: "x" }, query: "?revision=9" })).status).toBe(404);
    const viewer = await start("hello", { body: { name: "x" }, token: viewerToken });
    expect(viewer.status).toBe(403);
    expect(viewer.json.error.message).toContain("EXECUTION:CREATE");
    expect((await start("hello", { body: { name: "x" }, token: otherToken })).status).toBe(404);
  });

  it("schedules an execution for later", async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    const res = await start("hello", { body: { name: "later" }, query: `?scheduleDate=${encodeURIComponent(at)}` });
    expect(res.status).toBe(201);
    expect(res.json.scheduleDate).toBe(at);
    const event = await db.executionEvent.findFirst({ where: { tenantId: tenant, executionId: res.json.id } });
    expect(event?.availableAt.toISOString()).toBe(at);
    await byId(killRoute, "DELETE", res.json.id);
  });

  it("searches executions the caller may read, filtered and paged", async () => {
    await start("hello", { body: { name: "s1" }, query: "?wait=true&labels=env:search" });
    await start("hello", { body: { name: "s2" }, query: "?wait=true" });
    const other = await start("other", { namespace: "other.place", query: "?wait=true" });
    expect(other.json.state.current).toBe("SUCCESS");
    const all = await call(searchRoute, request("GET", "/?flowId=hello&state=SUCCESS&size=1", { token }), { tenant });
    expect(all.status).toBe(200);
    expect(all.json.results).toHaveLength(1);
    expect(all.json.total).toBeGreaterThanOrEqual(2);
    expect(all.json.results[0]).not.toHaveProperty("taskRunList");
    const labelled = await call(searchRoute, request("GET", "/?labels=env:search", { token }), { tenant });
    expect(labelled.json.total).toBe(1);
    const ns = await call(searchRoute, request("GET", "/?namespace=other", { token }), { tenant });
    expect(ns.json.results.map((e: { flowId: string }) => e.flowId)).toEqual(["other"]);
    // the viewer reads company.team only: the query leaves other.place out
    const viewer = await call(searchRoute, request("GET", "/?size=100", { token: viewerToken }), { tenant });
    expect(viewer.json.results.length).toBeGreaterThan(0);
    expect(viewer.json.results.every((e: { namespace: string }) => e.namespace === NS)).toBe(true);
    const launcher = await call(searchRoute, request("GET", "/", { token: otherToken }), { tenant });
    expect(launcher.json.results.map((e: { flowId: string }) => e.flowId)).toEqual(["other"]);
    const asc = await call(searchRoute, request("GET", "/?sort=startDate:asc&size=100", { token }), { tenant });
    const dates = asc.json.results.map((e: { state: { startDate: string } }) => e.state.startDate);
    expect(dates).toEqual([...dates].sort());
    const recent = await call(searchRoute, request("GET", `/?timeRange=PT1H&endDate=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&flowId=other`, { token }), { tenant });
    expect(recent.json.total).toBe(1);
    const before = await call(searchRoute, request("GET", "/?endDate=2000-01-01T00:00:00Z", { token }), { tenant });
    expect(before.json.total).toBe(0);
    for (const q of ["state=NOPE", "sort=evil", "size=101", "page=0", "startDate=never", "timeRange=forever"]) {
      expect((await call(searchRoute, request("GET", `/?${q}`, { token }), { tenant })).status, q).toBe(422);
    }
  });

  it("pages an execution's task runs and its logs", async () => {
    const run = await start("hello", { body: { name: "pages" }, query: "?wait=true" });
    const second = await byId(executionRoute.GET, "GET", run.json.id, { query: "?taskRunPage=2&taskRunSize=1" });
    expect(second.json.taskRunList.map((t: { taskId: string }) => t.taskId)).toEqual(["again"]);
    expect(second.json.taskRunTotal).toBe(2);
    const first = await byId(logsRoute, "GET", run.json.id, { query: "?size=1" });
    expect(first.json.results).toHaveLength(1);
    expect(first.json.next).toBe(first.json.results[0].id);
    const rest = await byId(logsRoute, "GET", run.json.id, { query: `?after=${first.json.next}&size=1000` });
    expect(rest.json.results[0].id).toBeGreaterThan(first.json.next);
    expect(rest.json.next).toBeNull();
    const onlyAgain = await byId(logsRoute, "GET", run.json.id, { query: "?taskId=again&minLevel=INFO" });
    expect(onlyAgain.json.results.map((l: { message: string }) => l.message)).toEqual(["again 1"]);
    expect((await byId(logsRoute, "GET", run.json.id, { query: "?minLevel=LOUD" })).status).toBe(422);
    const text = await byId(downloadRoute, "GET", run.json.id);
    expect(text.headers.get("content-type")).toContain("text/plain");
    expect(text.text).toMatch(/INFO\s+greet hello pages\n/);
  });

  it("follows an execution over Server-Sent Events until it ends", async () => {
    const run = await start("hello", { body: { name: "follow" } });
    const res = await byId(followRoute, "GET", run.json.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const sent = events(res.text);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.every((e) => e.event === "execution" && e.data.id === run.json.id)).toBe(true);
    expect(sent.at(-1)!.data.state.current).toBe("SUCCESS");
    expect(sent.at(-1)!.data.taskRunList).toHaveLength(2);
  });

  it("follows logs over Server-Sent Events, resuming after Last-Event-ID", async () => {
    const run = await start("hello", { body: { name: "logs" }, query: "?wait=true" });
    const all = events((await byId(logsFollowRoute, "GET", run.json.id)).text);
    expect(all.map((e) => e.data.message)).toEqual(expect.arrayContaining(["hello logs", "again 1"]));
    expect(all.every((e) => e.event === "log" && Number(e.id) === e.data.id)).toBe(true);
    const resumed = events((await byId(logsFollowRoute, "GET", run.json.id, { headers: { "last-event-id": all[0].id! } })).text);
    expect(resumed.map((e) => e.id)).toEqual(all.slice(1).map((e) => e.id));
    expect((await byId(logsFollowRoute, "GET", run.json.id, { headers: { "last-event-id": "x" } })).status).toBe(422);
  });

  it("kills a running execution: the running task is cancelled and the execution ends KILLED", async () => {
    const run = await start("slow");
    await reach(run.json.id, (e) => e.taskRunList.some((t) => t.state.current === "RUNNING"));
    expect((await byId(killRoute, "DELETE", run.json.id, { token: viewerToken })).status).toBe(403);
    const kill = await byId(killRoute, "DELETE", run.json.id);
    expect(kill.status, kill.text).toBe(202);
    expect((await byId(executionRoute.DELETE, "DELETE", run.json.id)).status).toBe(409);
    const end = await ended(run.json.id);
    expect(end.state.current).toBe("KILLED");
    expect(end.taskRunList[0].state.current).toBe("KILLED");
    expect((await byId(killRoute, "DELETE", run.json.id)).status).toBe(409);
    expect(await db.auditLog.count({ where: { tenantId: tenant, resourceId: run.json.id, action: "KILL" } })).toBe(1);
  });

  it("restarts a failed execution from its failed task run with a new attempt", async () => {
    const run = await start("flaky", { query: "?wait=true" });
    expect(run.json.state.current).toBe("FAILED");
    const okRun = run.json.taskRunList.find((t: { taskId: string }) => t.taskId === "ok");
    expect((await byId(restartRoute, "POST", run.json.id, { token: viewerToken })).status).toBe(403);
    const restarted = await byId(restartRoute, "POST", run.json.id);
    expect(restarted.status, restarted.text).toBe(200);
    expect(restarted.json.state.histories.map((h: { state: string }) => h.state).slice(-3)).toEqual(["FAILED", "RESTARTED", "RUNNING"]);
    const end = await ended(run.json.id);
    expect(end.state.current).toBe("SUCCESS");
    const runs = (end as unknown as { taskRunList: { id: string; taskId: string; attempts: { state: { current: string } }[]; state: { current: string; histories: { state: string }[] } }[] }).taskRunList;
    const boom = runs.find((t) => t.taskId === "boom")!;
    expect(boom.attempts.map((a) => a.state.current)).toEqual(["FAILED", "SUCCESS"]);
    expect(boom.state.histories.map((h) => h.state)).toContain("RESTARTED");
    expect(runs.find((t) => t.taskId === "ok")!.id).toBe(okRun.id);
    expect(runs).toHaveLength(3);
    expect((await byId(restartRoute, "POST", run.json.id)).status).toBe(409);
    expect(await db.auditLog.count({ where: { tenantId: tenant, resourceId: run.json.id, action: "RESTART" } })).toBe(1);
  });

  it("replays an ended execution as a new one, from the beginning or from a task run", async () => {
    const run = await start("hello", { body: { name: "replay" }, query: "?wait=true" });
    const again = run.json.taskRunList.find((t: { taskId: string }) => t.taskId === "again");
    const greet = run.json.taskRunList.find((t: { taskId: string }) => t.taskId === "greet");
    const replay = await byId(replayRoute, "POST", run.json.id, { query: `?taskRunId=${again.id}` });
    expect(replay.status, replay.text).toBe(201);
    expect(replay.json.id).not.toBe(run.json.id);
    expect(replay.json.originalId).toBe(run.json.id);
    expect(replay.json.taskRunList.map((t: { taskId: string }) => t.taskId)).toEqual(["greet"]);
    const end = await ended(replay.json.id);
    expect(end.state.current).toBe("SUCCESS");
    const runs = (end as unknown as { taskRunList: { id: string; taskId: string; histories?: unknown }[] }).taskRunList;
    expect(runs.map((t) => t.taskId)).toEqual(["greet", "again"]);
    expect(runs[0].id).not.toBe(greet.id);
    const logs = await byId(logsRoute, "GET", replay.json.id);
    expect(logs.json.results.map((l: { message: string }) => l.message)).toEqual(["again 1"]);
    const whole = await byId(replayRoute, "POST", replay.json.id);
    expect(whole.json.originalId).toBe(run.json.id);
    expect((await ended(whole.json.id)).state.current).toBe("SUCCESS");
    expect((await byId(replayRoute, "POST", run.json.id, { query: "?taskRunId=unknown" })).status).toBe(422);
    expect(await db.auditLog.count({ where: { tenantId: tenant, action: "REPLAY", resourceId: replay.json.id } })).toBe(1);
  });

  it("resumes a paused execution with the Pause task's onResume inputs, checked", async () => {
    const run = await start("approve");
    await reach(run.json.id, (e) => e.state.current === "PAUSED");
    const bad = await byId(resumeRoute, "POST", run.json.id, { body: { approved: "perhaps" } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0].path).toBe("inputs.approved");
    expect((await byId(resumeRoute, "POST", run.json.id, { body: { approved: true }, token: viewerToken })).status).toBe(403);
    const ok = await byId(resumeRoute, "POST", run.json.id, { body: { approved: true } });
    expect(ok.status, ok.text).toBe(202);
    const end = await ended(run.json.id);
    expect(end.state.current).toBe("SUCCESS");
    const logs = await byId(logsRoute, "GET", run.json.id, { query: "?taskId=after" });
    expect(logs.json.results.map((l: { message: string }) => l.message)).toEqual(["approved true"]);
    expect((await byId(resumeRoute, "POST", run.json.id, { body: {} })).status).toBe(409);
  });

  it("restarts a killed paused execution: the Pause pauses again, and a resume finishes it", async () => {
    const run = await start("approve");
    await reach(run.json.id, (e) => e.state.current === "PAUSED");
    expect((await byId(killRoute, "DELETE", run.json.id)).status).toBe(202);
    expect((await ended(run.json.id)).state.current).toBe("KILLED");
    expect((await byId(restartRoute, "POST", run.json.id)).status).toBe(200);
    const paused = await reach(run.json.id, (e) => e.state.current === "PAUSED");
    expect(paused.taskRunList.map((t) => t.state.current)).toEqual(["PAUSED"]);
    expect((await byId(resumeRoute, "POST", run.json.id, { body: { approved: true } })).status).toBe(202);
    expect((await ended(run.json.id)).state.current).toBe("SUCCESS");
  });

  it("deletes an ended execution with its task runs and logs; then it is not there", async () => {
    const run = await start("hello", { body: { name: "bye" }, query: "?wait=true" });
    expect((await byId(executionRoute.DELETE, "DELETE", run.json.id, { token: viewerToken })).status).toBe(403);
    const del = await byId(executionRoute.DELETE, "DELETE", run.json.id);
    expect(del.status).toBe(200);
    expect(del.json).toEqual({ id: run.json.id, deleted: true });
    expect((await byId(executionRoute.GET, "GET", run.json.id)).status).toBe(404);
    expect((await byId(logsRoute, "GET", run.json.id)).status).toBe(404);
    expect(await db.taskRun.count({ where: { tenantId: tenant, executionId: run.json.id } })).toBe(0);
    expect(await db.executionLog.count({ where: { tenantId: tenant, executionId: run.json.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { tenantId: tenant, resourceId: run.json.id, action: "DELETE" } })).toBe(1);
  });

  it("answers 404 for an execution the caller may not read, the same as a missing one", async () => {
    const run = await start("hello", { body: { name: "mine" }, query: "?wait=true" });
    for (const handler of [executionRoute.GET, logsRoute, downloadRoute, followRoute, logsFollowRoute]) {
      const theirs = await byId(handler, "GET", run.json.id, { token: otherToken });
      const missing = await byId(handler, "GET", "no-such-execution", { token: otherToken });
      expect([theirs.status, missing.status]).toEqual([404, 404]);
      expect(theirs.text).toBe(missing.text);
    }
  });

  it("runs a flow from the CLI and waits for its end; exit code 0 only on SUCCESS", async () => {
    const ok = await cli("executions", "run", "--tenant", tenant, NS, "hello", "--input", "name=cli", "--label", "via=cli", "--wait");
    expect(ok.code, ok.err).toBe(0);
    const [id, state] = ok.out.split("\n");
    expect(state).toBe("SUCCESS");
    const row = await db.execution.findFirst({ where: { tenantId: tenant, id } });
    expect(JSON.parse(row!.trigger!)).toEqual({ kind: "cli" });
    expect(JSON.parse(row!.labels)).toContainEqual({ key: "via", value: "cli" });
    const failed = await cli("executions", "run", "--tenant", tenant, NS, "flaky", "--wait");
    expect(failed.code).toBe(1);
    expect(failed.out.split("\n")[1]).toBe("FAILED");
    const noWait = await cli("executions", "run", "--tenant", tenant, NS, "hello", "--input", "name=x");
    expect(noWait.code).toBe(0);
    expect(noWait.out).toMatch(/^[A-Za-z0-9]{22}$/);
    const bad = await cli("executions", "run", "--tenant", tenant, NS, "hello", "--input", "times=x");
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/input "name" is required/);
    expect((await cli("executions", "run", "--tenant", tenant, NS)).code).toBe(2);
    expect((await cli("executions", "run", "--tenant", tenant, NS, "hello", "--input", "novalue")).code).toBe(2);
  });
});
