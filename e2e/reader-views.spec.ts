import { expect, login, seed, test } from "./fixtures";

// What a reader sees of values they may not read: the namespace page leaves out what a namespace
// inherits from an unreadable ancestor and says how many were left out; the audit log page masks
// the content of entries whose resource the reader may not read.

test.describe("reader views", () => {
  test.describe.configure({ timeout: 120_000 });

  test("a developer of company.team does not see company's values through it, and is told so", async ({ page }) => {
    const { users, tenants } = seed({
      users: { admin: {}, dev: {} },
      tenants: { acme: { admin: "admin", access: ["dev"] } },
      namespaces: [
        { tenant: "acme", name: "company" },
        { tenant: "acme", name: "company.team" },
      ],
      bindings: [{ tenant: "acme", user: "dev", role: "Developer", namespace: "company.team" }],
      kv: [
        { tenant: "acme", namespace: "company", key: "REGION", value: "kv-hidden-value" },
        { tenant: "acme", namespace: "company.team", key: "OWN", value: "kv-own-value" },
      ],
      secrets: [{ tenant: "acme", namespace: "company", key: "COMPANY_SECRET", value: "v" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.admin);
    const set = await page.request.put(`/api/v1/${t}/namespaces/company`, { data: { variables: { hiddenVar: "var-hidden-value" } } });
    expect(set.status()).toBe(200);

    await login(page.request, users.dev);
    await page.goto(`/ui/${t}/namespaces/company.team?tab=kv`);
    await expect(page.getByTestId("kv-table").locator('[data-key="OWN"]')).toBeVisible();
    await expect(page.getByTestId("hidden-inherited")).toHaveText(/1 inherited entry is not shown: you may not read where it is defined/);
    expect(await page.content()).not.toContain("kv-hidden-value");

    await page.goto(`/ui/${t}/namespaces/company.team?tab=variables`);
    await expect(page.getByTestId("hidden-inherited")).toHaveText(/1 variable is not shown: you may not read where it is defined/);
    expect(await page.content()).not.toContain("var-hidden-value");

    await page.goto(`/ui/${t}/namespaces/company.team?tab=secrets`);
    await expect(page.getByTestId("hidden-inherited")).toHaveText(/1 inherited secret is not shown: you may not read where it is defined/);
    expect(await page.content()).not.toContain("COMPANY_SECRET");
  });

  test("an auditor without other permissions sees the audit entries with their content masked", async ({ page }) => {
    const { users, tenants } = seed({
      users: { admin: {}, auditor: {} },
      tenants: { acme: { admin: "admin", access: ["auditor"] } },
      roles: [{ tenant: "acme", name: "Auditor", permissions: { AUDITLOG: ["READ"] } }],
      bindings: [{ tenant: "acme", user: "auditor", role: "Auditor" }],
      kv: [{ tenant: "acme", namespace: "company", key: "REGION", value: "kv-audited-value" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.auditor);
    await page.goto(`/ui/${t}/admin/auditlogs`);
    const kvRow = page.getByTestId("audit-row").filter({ hasText: "company/REGION" });
    await expect(kvRow).toHaveCount(1);
    await kvRow.getByText("Show change").click();
    await expect(kvRow.getByTestId("audit-masked")).toHaveText("Hidden: needs KVSTORE:READ in namespace company");
    expect(await page.content()).not.toContain("kv-audited-value");
  });
});
