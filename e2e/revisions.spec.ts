import { baseURL } from "./support/env";
import { expect, loginPage, seed, test } from "./fixtures";

// A flow's revisions in the browser: a page at a time, the compared texts fetched one by one.

const flow = (n: number) => `id: paged\nnamespace: company.team\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: version ${n}\n`;

test("the revisions tab pages through many revisions and compares any two", async ({ page, playwright }) => {
  test.setTimeout(180_000);
  const { users, tenants, tokens } = seed({ users: { rv: {} }, tenants: { t: { admin: "rv" } }, tokens: [{ user: "rv", name: "revisions" }] });
  const t = tenants.t.id;
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${tokens.revisions}` } });
  expect((await api.post(`/api/v1/${t}/flows`, { data: flow(1), headers: { "content-type": "application/x-yaml" } })).status()).toBe(201);
  for (let n = 2; n <= 28; n++) {
    const r = await api.put(`/api/v1/${t}/flows/company.team/paged`, { data: flow(n), headers: { "content-type": "application/x-yaml", "if-match": `"${n - 1}"` } });
    expect(r.status()).toBe(200);
  }
  await api.dispose();

  await loginPage(page, users.rv);
  await page.goto(`/ui/${t}/flows/company.team/paged?tab=revisions`);
  const revisions = page.getByTestId("flow-revisions");
  await expect(revisions.getByRole("checkbox")).toHaveCount(25);
  await expect(page.getByTestId("diff-title")).toContainText("Revision 27 → revision 28");
  await expect(page.getByTestId("revision-diff")).toContainText("version 28");
  await expect(revisions.getByText("28 revisions · page 1 of 2")).toBeVisible();

  await revisions.getByRole("button", { name: "Older" }).click();
  await expect(revisions.getByRole("checkbox")).toHaveCount(3);
  await revisions.getByRole("checkbox", { name: "Compare revision 1", exact: true }).check();
  await expect(page.getByTestId("diff-title")).toContainText("Revision 1 → revision 28");
  await expect(page.getByTestId("revision-diff")).toContainText("version 1");
});
