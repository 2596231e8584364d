import AxeBuilder from "@axe-core/playwright";
import type { APIRequest, Page } from "@playwright/test";
import { expect, seed } from "../fixtures";
import { baseURL, OUTPUT_DIR } from "./env";

// What the accessibility specs share: the pages to visit, the world they show, and axe's check.
// Each page is checked once its data has loaded, and with its editors, diffs and menus open where
// it has them; only serious and critical violations count.

export const WIDTHS = [
  { name: "desktop", viewport: { width: 1440, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;

export type Visit = {
  /** a short name for the failure list and the screenshot's file */
  name: string;
  path: string;
  /** what to do once the page has loaded: open an editor, a dialog, a diff */
  then?: (page: Page) => Promise<void>;
};

/** axe's serious and critical violations on the page as it stands, one readable line per element. */
export async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    // WCAG 2.5.3: what a control says on screen is part of its accessible name (axe runs it only on
    // request); the details of the violations only (those of passing checks go unused)
    .options({ rules: { "label-content-name-mismatch": { enabled: true } }, resultTypes: ["violations"] })
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes.map((n) => {
        const detail = (n.failureSummary ?? "").replace(/\s+/g, " ").replace(/^Fix (any|all) of the following: /, "").slice(0, 220);
        return `${v.id} (${v.impact}) at ${n.target.join(" ")}: ${v.help}. ${detail}`;
      }),
    );
}

// How long the page must have made no request (and had none open) to count as settled: long enough
// for the render that follows a response; Playwright's networkidle waits 500 ms after the last.
const QUIET_MS = 150;

/** In every document of the page: the requests it has open, and when one last started or ended. */
function watchRequests() {
  const w = window as unknown as { __requests?: { open: number; last: number } };
  const state = (w.__requests = { open: 0, last: performance.now() });
  const touch = () => void (state.last = performance.now());
  const fetch = window.fetch.bind(window);
  window.fetch = (...args: Parameters<typeof fetch>) => {
    // the router's prefetches of linked pages change nothing on this one
    if (new Headers(args[1]?.headers).has("next-router-prefetch")) return fetch(...args);
    state.open++;
    touch();
    return fetch(...args).finally(() => {
      state.open--;
      touch();
    });
  };
  // scripts, styles and images, when each has loaded (the code of a lazily loaded component)
  new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => (e as PerformanceResourceTiming).initiatorType !== "fetch")) touch();
  }).observe({ type: "resource" });
}

/** The page has loaded, and made no request and had none open for QUIET_MS. */
async function settled(page: Page) {
  await page.waitForFunction(
    (quiet) => {
      const r = (window as unknown as { __requests?: { open: number; last: number } }).__requests;
      return document.readyState === "complete" && !!r && r.open === 0 && performance.now() - r.last >= quiet;
    },
    QUIET_MS,
    { polling: 50 },
  );
}

/** Visits each page, waits until it has settled, runs axe; returns every problem found, by page. */
export async function audit(page: Page, width: string, visits: Visit[]): Promise<string[]> {
  const problems: string[] = [];
  await page.addInitScript(watchRequests);
  for (const visit of visits) {
    const res = await page.goto(visit.path);
    expect(res, visit.path).not.toBeNull();
    await expect(page.locator("main")).toBeVisible();
    await settled(page);
    await visit.then?.(page);
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${OUTPUT_DIR}/axe/${width}-${visit.name}.png`, fullPage: true });
    }
    for (const line of await violations(page)) problems.push(`[${width}] ${visit.name} (${visit.path}): ${line}`);
  }
  return problems;
}

// inputs of several types (all with defaults, so the API runs it as it is): the Execute form shows one field of each
const INPUTS =
  "inputs:\n  - id: day\n    type: DATE\n    defaults: '2026-01-01'\n    description: The day to report on\n  - id: rows\n    type: INT\n    defaults: 10\n  - id: dry_run\n    type: BOOLEAN\n    defaults: true\n  - id: format\n    type: SELECT\n    values: [csv, json]\n    defaults: csv\n  - id: options\n    type: JSON\n    defaults: '{}'\n    required: false\n  - id: attachment\n    type: FILE\n    required: false\n";
const flowYaml = (n: number) =>
  `id: nightly_report\nnamespace: company.team\ndescription: Builds the nightly report\nlabels:\n  team: analytics\n${INPUTS}tasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: run ${n}\ntriggers:\n  - id: nightly\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 2 * * *"\n`;

/** A tenant with a bit of everything: namespaces, a flow with two revisions, secrets, KV, files, RBAC. */
export async function world(request: APIRequest) {
  const seeded = seed({
    users: { boss: { superadmin: true }, viewer: {} },
    tenants: { acme: { admin: "boss", access: ["viewer"] }, other: { admin: "boss" } },
    namespaces: [
      { tenant: "acme", name: "company", description: "The company" },
      {
        tenant: "acme",
        name: "company.team",
        description: "The team",
        pluginDefaults: [{ type: "io.kestra.plugin.core.log.Log", values: { level: "INFO" } }],
      },
    ],
    roles: [{ tenant: "acme", name: "Auditor", description: "Reads the audit log", permissions: { AUDITLOG: ["READ"] } }],
    groups: [{ tenant: "acme", name: "analysts", description: "The analysts", members: ["viewer"] }],
    bindings: [{ tenant: "acme", user: "viewer", role: "Viewer", namespace: "company" }],
    groupBindings: [{ tenant: "acme", group: "analysts", role: "Auditor" }],
    tokens: [{ user: "boss", name: "axe" }],
    secrets: [
      { tenant: "acme", namespace: "company.team", key: "WAREHOUSE_PASSWORD", value: "x", description: "The warehouse" },
      { tenant: "acme", namespace: null, key: "TENANT_TOKEN", value: "y" },
    ],
    kv: [{ tenant: "acme", namespace: "company.team", key: "last_run", value: "2026-11-29" }],
    files: [{ tenant: "acme", namespace: "company.team", path: "scripts/report.yml", content: "select: 1\n" }],
  });
  // the flow through the API, twice, so that the revisions tab has a diff to show
  const api = await request.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${seeded.tokens.axe}` },
  });
  const t = seeded.tenants.acme.id;
  expect((await api.post(`/api/v1/${t}/flows`, { data: flowYaml(1), headers: { "content-type": "application/x-yaml" } })).status()).toBe(201);
  // an execution of it, run to its end (the engine runs inside the server), before the second save: the audit log's newest entry stays that save
  const run = await api.post(`/api/v1/${t}/executions/company.team/nightly_report?wait=true`, { data: {} });
  expect(run.status()).toBe(201);
  const executionId = (await run.json()).id as string;
  const put = await api.put(`/api/v1/${t}/flows/company.team/nightly_report`, {
    data: flowYaml(2),
    headers: { "content-type": "application/x-yaml", "if-match": '"1"' },
  });
  expect(put.status()).toBe(200);
  await api.dispose();
  return { ...seeded, executionId };
}

export const openFile = async (page: Page) => {
  await page.getByRole("button", { name: "scripts/", exact: true }).click();
  await page.getByRole("button", { name: "report.yml", exact: true }).click();
  await expect(page.getByTestId("file-editor")).toContainText("select: 1");
};
export const waitForEditor = async (page: Page) => {
  await expect(page.getByTestId("flow-editor").locator(".cm-content")).toContainText("nightly_report");
};
export const waitForGraph = async (page: Page) => {
  await expect(page.getByTestId("flow-graph").locator('[data-node="hello"]')).toBeVisible();
};
export const waitForDiff = async (page: Page) => {
  await expect(page.getByTestId("revision-diff")).toContainText("run 2");
};

/** An execution's page and its tabs (the Gantt with a task run's details open). */
export function executionPages(t: string, executionId: string, prefix = ""): Visit[] {
  const path = `/ui/${t}/executions/company.team/nightly_report/${executionId}`;
  const open = (name: string, then?: (page: Page) => Promise<void>) => async (page: Page) => {
    await expect(page.getByTestId("execution-page")).toHaveAttribute("data-state", "SUCCESS");
    await page.getByRole("tab", { name: new RegExp(`^${name}`) }).click();
    await then?.(page);
  };
  return [
    { name: `${prefix}execution`, path, then: open("Overview") },
    {
      name: `${prefix}execution-gantt`,
      path,
      then: open("Gantt", async (page) => {
        await page.getByTestId("gantt-row").first().getByRole("button").first().click();
        await expect(page.getByTestId("task-run-details")).toBeVisible();
      }),
    },
    { name: `${prefix}execution-logs`, path, then: open("Logs", async (page) => void (await expect(page.getByTestId("log-line").first()).toBeVisible())) },
    { name: `${prefix}execution-outputs`, path, then: open("Outputs") },
  ];
}

/** The pages of one tenant, as a user who reaches them all sees them. */
export function tenantPages(t: string, executionId: string): Visit[] {
  const ns = "company.team";
  const flow = `/ui/${t}/flows/${ns}/nightly_report`;
  return [
    { name: "flows", path: `/ui/${t}/flows` },
    { name: "flow-overview", path: flow },
    { name: "flow-topology", path: `${flow}?tab=topology`, then: waitForGraph },
    { name: "flow-editor", path: `${flow}?tab=editor`, then: waitForEditor },
    { name: "flow-revisions", path: `${flow}?tab=revisions`, then: waitForDiff },
    {
      name: "flow-execute-dialog",
      path: flow,
      then: async (page) => {
        await page.getByRole("button", { name: "Execute", exact: true }).click();
        await expect(page.getByRole("dialog", { name: "Execute nightly_report" }).getByLabel("rows")).toBeVisible();
      },
    },
    { name: "flow-executions", path: `${flow}?tab=executions`, then: async (page) => void (await expect(page.getByTestId("execution-row")).toHaveCount(1)) },
    { name: "flow-triggers", path: `${flow}?tab=triggers`, then: async (page) => void (await expect(page.getByTestId("trigger-row")).toHaveCount(1)) },
    { name: "triggers", path: `/ui/${t}/triggers`, then: async (page) => void (await expect(page.getByTestId("trigger-row")).toHaveCount(1)) },
    { name: "dashboard", path: `/ui/${t}`, then: async (page) => void (await expect(page.getByTestId("stats-count")).toContainText("1 execution")) },
    { name: "executions", path: `/ui/${t}/executions`, then: async (page) => void (await expect(page.getByTestId("execution-row")).toHaveCount(1)) },
    { name: "flow-new", path: `/ui/${t}/flows/new`, then: async (page) => void (await expect(page.locator(".cm-content")).toBeVisible()) },
    { name: "namespaces", path: `/ui/${t}/namespaces` },
    { name: "namespace-flows", path: `/ui/${t}/namespaces/${ns}` },
    ...["variables", "plugin-defaults", "secrets", "kv", "settings", "access"].map((tab) => ({
      name: `namespace-${tab}`,
      path: `/ui/${t}/namespaces/${ns}?tab=${tab}`,
    })),
    { name: "namespace-files", path: `/ui/${t}/namespaces/${ns}?tab=files`, then: openFile },
    { name: "implicit-namespace", path: `/ui/${t}/namespaces/company.team.unknown` },
    { name: "tenant-users", path: `/ui/${t}/admin/users` },
    { name: "tenant-roles", path: `/ui/${t}/admin/roles` },
    { name: "tenant-bindings", path: `/ui/${t}/admin/bindings` },
    { name: "tenant-groups", path: `/ui/${t}/admin/groups` },
    { name: "tenant-secrets", path: `/ui/${t}/admin/secrets` },
    {
      name: "tenant-auditlogs",
      path: `/ui/${t}/admin/auditlogs`,
      then: async (page) => {
        // the newest entry is the flow's second save: its change opens as a side-by-side diff
        await page.getByText("Show change", { exact: true }).first().click();
        await expect(page.getByTestId("audit-flow-diff").locator(".cm-content").first()).toBeVisible();
      },
    },
    { name: "tenant-404", path: `/ui/${t}/no/such/page` },
    { name: "missing-flow", path: `/ui/${t}/flows/${ns}/no_such_flow` },
    ...executionPages(t, executionId),
  ];
}

/** Every page of a tenant and of the instance, as a superadmin who administers the tenant. */
export const superadminPages = (t: string, executionId: string, boss: string, width: string): Visit[] => [
  ...tenantPages(t, executionId),
  { name: "tokens", path: "/ui/account/tokens" },
  { name: "password", path: "/ui/account/password" },
  { name: "instance-tenants", path: "/ui/admin/tenants" },
  { name: "instance-users", path: "/ui/admin/users" },
  { name: "instance-user", path: `/ui/admin/users/${encodeURIComponent(boss)}` },
  { name: "instance-auditlogs", path: "/ui/admin/auditlogs" },
  { name: "instance-worker-groups", path: "/ui/admin/worker-groups" },
  { name: "instance-plugins", path: "/ui/admin/plugins" },
  {
    name: "tenant-dropdown-open",
    path: `/ui/${t}/flows`,
    then: async (p) => {
      await p.getByTestId("tenant-switcher").click();
      await expect(p.getByRole("listbox", { name: "Tenants" })).toBeVisible();
    },
  },
  ...(width === "phone"
    ? [
        {
          name: "navigation-drawer-open",
          path: `/ui/${t}/flows`,
          then: async (p: Page) => {
            await p.getByRole("button", { name: "Open navigation" }).click();
            await expect(p.getByRole("dialog", { name: "Navigation" })).toBeVisible();
          },
        },
      ]
    : []),
];

// at phone width the pages whose layout changes most there (the navigation drawer, lists that
// become cards, the editors, the execution's tabs): the rest are the same components in a
// narrower column, which the phone spec checks
export const PHONE_PAGES = new Set([
  "navigation-drawer-open", "flows", "flow-overview", "flow-editor", "flow-execute-dialog", "executions", "dashboard",
  "execution", "execution-gantt", "execution-logs", "namespace-flows", "namespace-files", "tenant-bindings", "tenant-auditlogs",
]);
