import type { Page } from "@playwright/test";
import { OUTPUT_DIR } from "./support/env";
import { expect, login, seed, test } from "./fixtures";

// Schedules in the browser: the flow page's Triggers tab shows when a Schedule fires next, the
// tenant's Triggers page lists it, a switch disables and enables it, and a backfill runs with its
// progress, pauses, resumes and is cancelled. Another trigger type is listed as firing on events.

const FLOW = `id: nightly
namespace: team.sched
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: hi
triggers:
  - id: daily
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 9 * * *"
    timezone: Europe/Paris
  - id: after_upstream
    type: io.kestra.plugin.core.trigger.Flow
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionStatus
        in: [SUCCESS]
`;

const shot = async (page: Page, name: string) => {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/triggers/${name}.png`, fullPage: true });
};

test("a Schedule's next date on the flow's Triggers tab; disabled there, shown disabled on the Triggers page, enabled again; a backfill with its progress, paused, resumed and cancelled", async ({ page }) => {
  test.setTimeout(60_000);
  const { users, tenants } = seed({ users: { ada: {} }, tenants: { acme: { admin: "ada" } } });
  const t = tenants.acme.id;
  await login(page.request, users.ada);
  const created = await page.request.post(`/api/v1/${t}/flows`, { data: FLOW, headers: { "content-type": "application/x-yaml" } });
  expect(created.status(), await created.text()).toBe(201);

  await page.goto(`/ui/${t}/flows/team.sched/nightly?tab=triggers`);
  const rows = page.getByTestId("trigger-row");
  await expect(rows).toHaveCount(2);
  const daily = rows.filter({ hasText: "daily" });
  await expect(daily).toContainText("0 9 * * *");
  await expect(daily).toContainText("Europe/Paris");
  await expect(daily.getByTestId("trigger-next")).toHaveText(/^\d{4}-\d\d-\d\d 0[78]:00 UTC$/);
  const upstream = rows.filter({ hasText: "after_upstream" });
  await expect(upstream).toContainText("fires on events");
  await expect(upstream.getByRole("button", { name: "Backfill…" })).toHaveCount(0);
  await shot(page, "flow-tab");

  // a Flow trigger is disabled and enabled on the tab too, without editing the flow
  await upstream.getByRole("switch", { name: /Enable after_upstream/ }).click();
  await expect(upstream.getByTestId("trigger-status")).toContainText("Disabled");
  await upstream.getByRole("switch", { name: /Enable after_upstream/ }).click();
  await expect(upstream.getByTestId("trigger-status")).toContainText("Enabled");

  // disable on the tab: no next date
  await daily.getByRole("switch", { name: /Enable daily/ }).click();
  await expect(daily.getByTestId("trigger-status")).toContainText("Disabled");
  await expect(daily.getByTestId("trigger-next")).toHaveText("—");

  // the tenant's Triggers page (from the sidebar) shows it disabled; enable it there
  await page.getByRole("link", { name: "Triggers", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/ui/${t}/triggers$`));
  const listed = page.getByTestId("trigger-row").filter({ hasText: "daily" });
  await expect(listed).toHaveCount(1);
  await expect(listed.getByRole("link", { name: "nightly" })).toBeVisible();
  await expect(listed.getByTestId("trigger-status")).toContainText("Disabled");
  await listed.getByRole("switch", { name: /Enable daily/ }).click();
  await expect(listed.getByTestId("trigger-status")).toContainText("Enabled");
  await expect(listed.getByTestId("trigger-next")).toHaveText(/UTC$/);

  // a backfill from three days ago to a month ahead: the scheduler fires the past dates and waits at now
  const day = (n: number) => `${new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)}T00:00`;
  await listed.getByRole("button", { name: "Backfill…" }).click();
  const form = listed.getByRole("form", { name: "Backfill daily" });
  await form.getByLabel("Start (UTC)").fill(day(-3));
  await form.getByLabel(/End \(UTC/).fill(day(30));
  await form.getByRole("button", { name: "Start backfill" }).click();
  const backfill = listed.getByTestId("trigger-backfill");
  await expect(backfill).toContainText(`${day(-3).replace("T", " ")} UTC → ${day(30).replace("T", " ")} UTC`);
  await expect(async () => {
    await page.reload();
    await expect(listed.getByRole("progressbar")).not.toHaveAttribute("aria-valuenow", "0", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  // a scheduler holds the lock while it fires a date: between its passes the trigger is free again
  await expect(async () => {
    await page.reload();
    await expect(listed.getByTestId("trigger-status")).not.toContainText("Locked", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await shot(page, "list-backfill");
  await listed.getByRole("button", { name: "Pause" }).click();
  await expect(backfill).toContainText("Paused");
  await listed.getByRole("button", { name: "Resume" }).click();
  await expect(backfill).not.toContainText("Paused");
  await listed.getByRole("button", { name: "Cancel backfill" }).click();
  await expect(listed.getByTestId("trigger-backfill")).toHaveCount(0);
  await expect(listed.getByRole("button", { name: "Backfill…" })).toBeVisible();

  // filters in the URL: another namespace has none
  await page.goto(`/ui/${t}/triggers?namespace=elsewhere`);
  await expect(page.getByRole("heading", { name: "No trigger matches these filters" })).toBeVisible();
});
