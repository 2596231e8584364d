import { expect, login, seed, test } from "./fixtures";
import { OUTPUT_DIR } from "./support/env";

// The Files tab of a namespace: folders, upload (button, progress), new file, edit in the code
// editor, rename, download, delete; and what a reader without write permission sees.

test.describe("namespace files", () => {
  // long walks through the UI; the default 45 s is tight on a loaded machine
  test.describe.configure({ timeout: 180_000 });

  test("a developer uploads, creates, edits, renames, downloads and deletes files and folders", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      bindings: [{ tenant: "acme", user: "dev", role: "Developer", namespace: "company" }],
      flows: [{ tenant: "acme", namespace: "company.team", id: "etl" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);
    await page.goto(`/ui/${t}/namespaces/company.team?tab=files`);
    await expect(page.getByText("No files yet")).toBeVisible();
    await page.screenshot({ path: `${OUTPUT_DIR}/files-empty.png` });

    // a folder, entered at once
    await page.getByRole("button", { name: "New folder" }).click();
    const dialog = page.getByTestId("path-dialog");
    await dialog.getByLabel("Folder name").fill("../up");
    await expect(dialog.getByText("path must not contain . or .. segments")).toBeVisible();
    await dialog.getByLabel("Folder name").fill("scripts");
    await dialog.getByRole("button", { name: "Create folder" }).click();
    await expect(page.getByTestId("notice")).toContainText(/Created folder scripts/);
    await expect(page.getByRole("navigation", { name: "Folder" })).toContainText("scripts");
    await expect(page.getByText("This folder is empty")).toBeVisible();

    // upload into it
    await page.getByLabel("Files to upload").setInputFiles({ name: "data.csv", mimeType: "text/csv", buffer: Buffer.from("id,total\n1,42\n") });
    await expect(page.getByTestId("notice")).toContainText("Uploaded 1 file");
    const rows = page.getByTestId("file-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("data.csv");
    await expect(rows.first()).toContainText("14 B");

    // a new file, edited in the code editor and saved
    await page.getByRole("button", { name: "New file" }).click();
    await page.getByTestId("path-dialog").getByLabel("File name").fill("etl.yml");
    await page.getByTestId("path-dialog").getByRole("button", { name: "Create file" }).click();
    await expect(page.getByRole("region", { name: "File scripts/etl.yml" })).toBeVisible();
    const editor = page.getByTestId("file-editor");
    await editor.locator(".cm-content").click();
    await page.keyboard.type("query: select 1\n");
    await expect(page.getByText("unsaved")).toBeVisible();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: /Saved at/ })).toBeVisible();
    await expect(page.getByText("unsaved")).toBeHidden();
    await page.screenshot({ path: `${OUTPUT_DIR}/files-editor.png`, fullPage: true });
    const saved = await page.request.get(`/api/v1/${t}/namespaces/company.team/files/scripts/etl.yml`);
    expect(await saved.text()).toBe("query: select 1\n");

    // rename the file
    await page.getByRole("button", { name: "Rename etl.yml" }).click();
    await page.getByTestId("path-dialog").getByLabel("New path").fill("scripts/load.yml");
    await page.getByTestId("path-dialog").getByRole("button", { name: "Rename" }).click();
    await expect(page.getByTestId("notice")).toContainText("Renamed scripts/etl.yml to scripts/load.yml");
    await expect(rows.filter({ hasText: "load.yml" })).toHaveCount(1);
    await expect(rows.filter({ hasText: "etl.yml" })).toHaveCount(0);

    // download
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download data.csv" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("data.csv");

    // back to the root: the folder is listed; deleting it asks first and removes its files
    await page.getByRole("navigation", { name: "Folder" }).getByRole("button", { name: "Files" }).click();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("scripts/");
    await page.screenshot({ path: `${OUTPUT_DIR}/files-root.png`, fullPage: true });
    await page.getByRole("button", { name: "Delete scripts" }).click();
    const confirm = page.getByTestId("confirm-dialog");
    await expect(confirm).toContainText("scripts/ and every file in it will be deleted");
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByTestId("notice")).toContainText("Deleted scripts");
    await expect(page.getByText("No files yet")).toBeVisible();
    const gone = await page.request.get(`/api/v1/${t}/namespaces/company.team/files/scripts/data.csv`);
    expect(gone.status()).toBe(404);
  });

  test("an upload over the size limit is refused with a clear message", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {} },
      tenants: { acme: { access: ["dev"] } },
      bindings: [{ tenant: "acme", user: "dev", role: "Developer" }],
      flows: [{ tenant: "acme", namespace: "data", id: "f" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);
    // the server refuses 413 while reading the body
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 120);
    const refused = await page.request.put(`/api/v1/${t}/namespaces/data/files/big.bin`, { data: big, headers: { "content-type": "application/octet-stream" } });
    expect(refused.status()).toBe(413);
    expect((await refused.json()).error.message).toBe("The file is larger than the limit of 10485760 bytes");
    // the page says so before sending
    await page.goto(`/ui/${t}/namespaces/data?tab=files`);
    await page.getByLabel("Files to upload").setInputFiles({ name: "big.bin", mimeType: "application/octet-stream", buffer: big });
    await expect(page.getByRole("alert").filter({ hasText: "Too large: the limit is 10.0 MiB" })).toBeVisible();
    await page.screenshot({ path: `${OUTPUT_DIR}/files-too-large.png` });
    // a file dropped on the list is uploaded into the current folder
    const dropped = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["dropped content"], "dropped.txt", { type: "text/plain" }));
      return dt;
    });
    await page.getByTestId("files-drop-zone").dispatchEvent("drop", { dataTransfer: dropped });
    await expect(page.getByTestId("notice")).toContainText("Uploaded 1 file");
    await expect(page.getByTestId("file-row").filter({ hasText: "dropped.txt" })).toBeVisible();
    expect(await (await page.request.get(`/api/v1/${t}/namespaces/data/files/dropped.txt`)).text()).toBe("dropped content");
  });

  test("a viewer reads and downloads but every change is disabled", async ({ page }) => {
    const { users, tenants } = seed({
      users: { dev: {}, viewer: {} },
      tenants: { acme: { access: ["dev", "viewer"] } },
      bindings: [
        { tenant: "acme", user: "dev", role: "Developer" },
        { tenant: "acme", user: "viewer", role: "Viewer" },
      ],
      flows: [{ tenant: "acme", namespace: "data", id: "f" }],
    });
    const t = tenants.acme.id;
    await login(page.request, users.dev);
    const put = await page.request.put(`/api/v1/${t}/namespaces/data/files/readme.md`, { data: "# Data\n", headers: { "content-type": "application/octet-stream" } });
    expect(put.status()).toBe(201);
    await page.context().clearCookies();
    await login(page.request, users.viewer);
    await page.goto(`/ui/${t}/namespaces/data?tab=files`);
    await expect(page.getByTestId("file-row")).toHaveCount(1);
    // dates as everywhere else in the UI: YYYY-MM-DD HH:mm UTC, whatever the browser's locale
    await expect(page.getByTestId("file-row")).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    for (const name of ["New folder", "New file", "Upload", "Rename readme.md", "Delete readme.md"]) {
      await expect(page.getByRole("button", { name, exact: true })).toBeDisabled();
    }
    await page.getByRole("button", { name: "readme.md", exact: true }).click();
    await expect(page.getByTestId("file-editor")).toContainText("# Data", { timeout: 60_000 });
    await expect(page.getByText("read-only: you may not edit files here")).toBeVisible();
    await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
    await page.screenshot({ path: `${OUTPUT_DIR}/files-viewer.png`, fullPage: true });
    const refused = await page.request.delete(`/api/v1/${t}/namespaces/data/files/readme.md`);
    expect(refused.status()).toBe(403);
  });
});
