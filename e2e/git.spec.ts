import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, login, test } from "./fixtures";
import { OUTPUT_DIR } from "./support/env";
import { api, createFlow, pageState, run } from "./support/executions";

// Issue: namespaces synced from Git. A flow syncs a repository (a bare one on the local disk, which
// the e2e server allows with TENANTFLOW_GIT_SCHEMES including file) into a namespace's files and
// flows; the namespace page then says where they come from, the last sync's result, and offers
// "Sync now" to who may start the syncing flow; the Files tab and the synced flow's page mark what
// came from Git.

const shot = async (page: Page, name: string) => {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/git/${name}.png`, fullPage: true });
};

function bareRepository(files: Record<string, string>): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-git-"));
  const env: NodeJS.ProcessEnv = { NODE_ENV: "test", PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmp, GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "Dev", GIT_AUTHOR_EMAIL: "dev@example.com", GIT_COMMITTER_NAME: "Dev", GIT_COMMITTER_EMAIL: "dev@example.com" };
  const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, env, encoding: "utf8" });
  const bare = path.join(tmp, "repo.git");
  fs.mkdirSync(bare);
  git(bare, "init", "--quiet", "--bare", "--initial-branch=main");
  const work = path.join(tmp, "work");
  git(tmp, "clone", "--quiet", bare, work);
  git(work, "checkout", "--quiet", "-B", "main");
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    fs.writeFileSync(path.join(work, file), content);
  }
  git(work, "add", "--all");
  git(work, "commit", "--quiet", "-m", "first");
  git(work, "push", "--quiet", "origin", "main");
  return bare;
}

test.describe("namespaces synced from Git", () => {
  test.describe.configure({ timeout: 120_000 });

  test("the namespace page shows where its files and flows come from, the last sync, and Sync now to who may run it", async ({ page, seed, playwright, browser }) => {
    const { users, tenants, tokens } = seed({
      users: { ada: {}, vic: {} },
      tenants: { acme: { admin: "ada", access: ["vic"] } },
      bindings: [{ tenant: "acme", user: "vic", role: "Viewer", namespace: "company" }],
      tokens: [{ user: "ada", name: "admin" }],
    });
    const t = tenants.acme.id;
    const bare = bareRepository({
      "files/scripts/etl.sql": "select 1;\n",
      "files/README.md": "# team files\n",
      "flows/hello.yaml": "id: hello\nnamespace: company.team\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hello from git\n",
    });
    const admin = await api(playwright, tokens.admin);
    await createFlow(
      admin,
      t,
      `id: sync
namespace: company.team
tasks:
  - id: files
    type: io.kestra.plugin.git.SyncNamespaceFiles
    url: file://${bare}
    branch: main
    gitDirectory: files
  - id: flows
    type: io.kestra.plugin.git.SyncFlows
    url: file://${bare}
    branch: main
    gitDirectory: flows
    targetNamespace: company.team
`,
    );
    const first = await run(admin, t, "company.team", "sync", true);

    await login(page.request, users.ada);
    await page.goto(`/ui/${t}/namespaces/company.team`);
    const panel = page.getByRole("region", { name: "Synced from Git" });
    await expect(panel.getByTestId("git-sync-files")).toContainText(`file://${bare}`);
    await expect(panel.getByTestId("git-sync-files")).toContainText("branch main, directory files");
    await expect(panel.getByTestId("git-sync-files")).toContainText("2 added");
    await expect(panel.getByTestId("git-sync-flows")).toContainText("directory flows");
    await expect(panel.getByTestId("git-sync-flows")).toContainText("1 added");
    await expect(panel.getByRole("link").first()).toHaveAttribute("href", new RegExp(`/executions/company\\.team/sync/${first}$`));
    await shot(page, "namespace-panel");

    // the synced flow runs, and its page says it came from Git
    await page.goto(`/ui/${t}/flows/company.team/hello`);
    await expect(page.getByTestId("flow-from-git")).toContainText(`From Git: file://${bare}, branch main, directory flows`);
    await shot(page, "flow-from-git");
    // the Files tab says which files came from Git
    await page.goto(`/ui/${t}/namespaces/company.team?tab=files`);
    await expect(page.getByTestId("files-from-git")).toContainText("2 files of this namespace come from Git");
    // each synced item is marked in the list: README.md, and the scripts folder holding etl.sql
    const row = (name: string) => page.getByTestId("file-row").filter({ hasText: name });
    await expect(row("README.md").getByTestId("file-from-git")).toBeVisible();
    await expect(row("scripts/").getByTestId("file-from-git")).toBeVisible();
    await expect(page.getByTestId("file-from-git")).toHaveCount(2);
    await shot(page, "files-tab");

    // Sync now: a new execution of the syncing flow, opened in the page
    await page.goto(`/ui/${t}/namespaces/company.team`);
    await expect(async () => {
      await panel.getByTestId("git-sync-files").getByRole("button", { name: "Sync now" }).click();
      await expect(page).toHaveURL(new RegExp(`/ui/${t}/executions/company\\.team/sync/(?!${first}$)[A-Za-z0-9_-]+$`), { timeout: 5_000 });
    }).toPass({ timeout: 30_000 });
    await expect(pageState(page)).toHaveAttribute("data-state", "SUCCESS", { timeout: 60_000 });

    // a Viewer sees where from, without Sync now
    const viewer = await browser.newPage();
    await login(viewer.request, users.vic);
    await viewer.goto(`/ui/${t}/namespaces/company.team`);
    const seen = viewer.getByRole("region", { name: "Synced from Git" });
    await expect(seen.getByTestId("git-sync-files")).toContainText(`file://${bare}`);
    await expect(seen.getByRole("button", { name: "Sync now" })).toHaveCount(0);
    await viewer.close();
    await admin.dispose();
    fs.rmSync(path.dirname(bare), { recursive: true, force: true });
  });
});
