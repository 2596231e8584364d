import type { APIRequestContext } from "@playwright/test";
import { type PageEntry, PAGES } from "../tests/isolation/pages";
import { type Seeded, expect, login, seed, test } from "./fixtures";

// SPEC §4 page by page, over HTTP against the production server: every page of the list
// (tests/isolation/pages.ts) requested as each kind of caller who must not see the target answers
// the status the page's kind requires and shows nothing of the target the caller may not read.
// Pages run on the browser session only: an API token is not a session (a valid one is refused
// like none at all), so the API matrix's expired and revoked tokens have nothing to test here.

type Caller = "anonymous" | "token" | "outsider" | "noBinding" | "viewer" | "sibling";
const CALLERS: Caller[] = ["anonymous", "token", "outsider", "noBinding", "viewer", "sibling"];

// a secret's value is shown to no one, ever: every page, every caller, the admin included
const SECRET_VALUE = "secret-value-never-shown-x9";
const T = { namespace: "target.ns", flow: "secret-flow-x9", sibling: "target.other", siblingFlow: "sibling-visible-flow" };

/** What the target shows to those who may read it: the page must not show it to anyone else. */
function shownWith(w: Seeded): Record<string, string[]> {
  return {
    TENANT: [w.tenants.target.name],
    // namespace files are FLOW (SPEC §4)
    "FLOW:READ": [T.flow, "flow-description-x9", "target-file-x9.txt"],
    "SECRET:READ": ["TARGET_SECRET_X9", "secret-description-x9"],
    "KVSTORE:READ": ["target-kv-x9", "kv-value-x9"],
    "NAMESPACE:READ": [T.namespace, "namespace-description-x9"],
    "ROLE:READ": ["TargetRole-x9", "role-description-x9"],
    "GROUP:READ": ["target-group-x9", "group-description-x9"],
    "BINDING:READ": ["TargetRole-x9", "target-group-x9"],
    "USER:READ": [w.users.member.username],
    // the execution's label, shown on its page
    "EXECUTION:READ": ["exec-label-x9"],
    // the member's own token: nobody else sees it, not even an administrator
    OWN: ["member-token-x9"],
  };
}

/** What each caller may read of the target (SPEC §4's Viewer: FLOW, EXECUTION, NAMESPACE, KVSTORE). */
const READS: Record<Caller, string[]> = {
  anonymous: [],
  token: [],
  outsider: [],
  noBinding: ["TENANT"],
  viewer: ["TENANT", "FLOW:READ", "EXECUTION:READ", "NAMESPACE:READ", "KVSTORE:READ"],
  sibling: ["TENANT"], // a Developer on target.other: nothing of target.ns
};

/** The answer each caller must get: a status, and for a page it may open, what must be on it. */
function expected(p: PageEntry, caller: Caller): { status: number; location?: RegExp; notice?: string } {
  if (caller === "anonymous" || caller === "token") return { status: 307, location: /^\/login\?callbackUrl=/ };
  const member = caller !== "outsider";
  switch (p.kind) {
    case "redirect":
      // /ui/{tenant} opens the tenant first; /ui sends the outsider to their own tenant, never the target
      if (!member && p.path.includes("{tenant}")) return { status: 404 };
      return { status: 307, location: member ? /^\/ui\/TARGET\/flows$/ : /^\/ui\/(?!TARGET\/)[^/]+\/flows$/ };
    case "own":
      return { status: 200 };
    case "instance":
    case "missing":
      return { status: 404 };
    case "flows":
    case "namespaces":
    case "executions":
      return { status: member ? 200 : 404 };
    case "flow":
    case "namespace":
    case "execution":
      // the page opens the flow (FLOW:READ), the namespace (NAMESPACE:READ) or the execution (EXECUTION:READ) before any tab
      return { status: READS[caller].includes(p.kind === "flow" ? "FLOW:READ" : p.kind === "execution" ? "EXECUTION:READ" : "NAMESPACE:READ") ? 200 : 404 };
    case "create":
      // the form for those who may create somewhere (the sibling, in target.other); the others are told what they lack
      if (!member) return { status: 404 };
      return caller === "sibling" ? { status: 200 } : { status: 200, notice: p.permission };
    case "tenant-admin":
      if (!member) return { status: 404 };
      // the tenant is theirs: the page names the permission it needs; the sibling reads its own namespace's audit entries
      return p.permission === "AUDITLOG:READ" && caller === "sibling" ? { status: 200 } : { status: 200, notice: p.permission };
  }
}

let world: Seeded;
let executionId = "";
const contexts = {} as Record<Caller | "admin" | "member", APIRequestContext>;
const urlOf = (p: PageEntry) =>
  p.path.replace("{tenant}", world.tenants.target.id).replace("{namespace}", encodeURIComponent(T.namespace)).replace("{flow}", T.flow).replace("{execution}", executionId).replace("{member}", encodeURIComponent(world.users.member.username));

test.describe("page isolation matrix", () => {
  test.beforeAll(async ({ playwright, baseURL }) => {
    world = seed({
      users: { admin: {}, member: {}, outsider: {}, noBinding: {}, viewer: {}, sibling: {} },
      tenants: {
        target: { name: `Isolation target ${Date.now().toString(36)}`, admin: "admin", access: ["member", "noBinding", "viewer", "sibling"] },
        elsewhere: { admin: "outsider" },
      },
      namespaces: [{ tenant: "target", name: T.namespace, description: "namespace-description-x9" }],
      flows: [
        { tenant: "target", namespace: T.namespace, id: T.flow, description: "flow-description-x9" },
        { tenant: "target", namespace: T.sibling, id: T.siblingFlow },
      ],
      roles: [{ tenant: "target", name: "TargetRole-x9", description: "role-description-x9", permissions: { FLOW: ["READ"] } }],
      groups: [{ tenant: "target", name: "target-group-x9", description: "group-description-x9", members: ["member"] }],
      groupBindings: [{ tenant: "target", group: "target-group-x9", role: "TargetRole-x9", namespace: T.namespace }],
      bindings: [
        { tenant: "target", user: "viewer", role: "Viewer" },
        { tenant: "target", user: "sibling", role: "Developer", namespace: T.sibling },
      ],
      secrets: [{ tenant: "target", namespace: T.namespace, key: "TARGET_SECRET_X9", value: SECRET_VALUE, description: "secret-description-x9" }],
      kv: [{ tenant: "target", namespace: T.namespace, key: "target-kv-x9", value: "kv-value-x9" }],
      files: [{ tenant: "target", namespace: T.namespace, path: "target-file-x9.txt", content: "file-content-x9" }],
      tokens: [
        { user: "member", name: "member-token-x9" },
        { user: "admin", name: "admin-token" },
      ],
    });
    for (const caller of CALLERS) if (caller !== "token") contexts[caller] = await playwright.request.newContext({ baseURL });
    // an execution of each flow, for the executions pages (run by the server's own engine)
    const admin = await playwright.request.newContext({ baseURL });
    await login(admin, world.users.admin);
    for (const [ns, flow] of [[T.namespace, T.flow], [T.sibling, T.siblingFlow]]) {
      const run = await admin.post(`/api/v1/${world.tenants.target.id}/executions/${ns}/${flow}?wait=true`, { data: {} });
      expect(run.ok(), await run.text()).toBe(true);
    }
    await admin.dispose();
    for (const caller of ["outsider", "noBinding", "viewer", "sibling", "admin", "member"] as const) {
      contexts[caller] ??= await playwright.request.newContext({ baseURL });
      await login(contexts[caller], world.users[caller]);
    }
    // the outsider's last-tenant cookie names the target, as a hostile browser's could
    const state = await contexts.outsider.storageState();
    const host = new URL(baseURL!).hostname;
    state.cookies.push({ name: "tenantflow-tenant", value: world.tenants.target.id, domain: host, path: "/", expires: -1, httpOnly: false, secure: false, sameSite: "Lax" });
    await contexts.outsider.dispose();
    contexts.outsider = await playwright.request.newContext({ baseURL, storageState: state });
    // a valid API token of the tenant's Admin, sent to pages without a session
    contexts.token = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${world.tokens["admin-token"]}` } });
    // the token itself is good: the API takes it
    expect((await contexts.token.get(`/api/v1/${world.tenants.target.id}/flows/search`)).status()).toBe(200);
    // an execution of the target flow, labelled with a name only its readers may see
    const started = await contexts.token.post(`/api/v1/${world.tenants.target.id}/executions/${T.namespace}/${T.flow}?labels=run:exec-label-x9`, { data: {} });
    expect(started.status()).toBe(201);
    executionId = (await started.json()).id;
  });

  test.afterAll(async () => {
    for (const c of Object.values(contexts)) await c.dispose();
  });

  test("the names the matrix looks for are on the pages of those who may read them", async () => {
    // without this, a name rendered differently (escaped, truncated) would pass every check below
    let all = "";
    for (const page of PAGES) all += await (await contexts.admin.get(urlOf(page))).text();
    const { OWN, ...rest } = shownWith(world);
    for (const name of Object.values(rest).flat()) expect(all, name).toContain(name);
    expect(all).not.toContain(SECRET_VALUE);
    const own = await (await contexts.member.get("/ui/account/tokens")).text();
    for (const name of OWN) expect(own).toContain(name);
  });

  for (const page of PAGES) {
    for (const caller of CALLERS) {
      test(`${page.path} as ${caller}`, async () => {
        const url = urlOf(page);
        const res = await contexts[caller].get(url, { maxRedirects: 0 });
        const want = expected(page, caller);
        const html = await res.text();
        expect(res.status(), `${url}: ${html.slice(0, 200)}`).toBe(want.status);
        if (want.location) {
          const location = (res.headers().location ?? "").replace(/^https?:\/\/[^/]+/, "");
          expect(location).toMatch(new RegExp(want.location.source.replace("TARGET", world.tenants.target.id)));
        }
        if (want.notice) expect(html).toContain(want.notice);

        // nothing of the target the caller may not read, unless the caller typed it in the URL
        const shown = shownWith(world);
        const mayRead = new Set(READS[caller].flatMap((p) => shown[p] ?? []));
        const hidden = Object.entries(shown)
          .filter(([p]) => !READS[caller].includes(p))
          .flatMap(([, names]) => names)
          .filter((s) => !mayRead.has(s) && !decodeURIComponent(url).includes(s));
        for (const s of hidden) expect(html, `${url} as ${caller} shows "${s}"`).not.toContain(s);
        expect(html).not.toContain(SECRET_VALUE);

        // the lists do show what the caller may read: the page rendered, it is not empty by accident
        const list = page.kind === "flows" || (page.kind === "executions" && page.path.endsWith("/executions"));
        if (want.status === 200 && list && !page.path.includes("?")) {
          if (caller === "viewer") expect(html).toContain(T.flow);
          if (caller === "sibling") expect(html).toContain(T.siblingFlow);
        }
      });
    }
  }
});
