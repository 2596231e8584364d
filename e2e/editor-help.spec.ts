import type { Page } from "@playwright/test";
import { OUTPUT_DIR } from "./support/env";
import { expect, login, seed, test } from "./fixtures";

// The flow editor's help: completion of types, properties and enum values from the catalogue, and
// each type's documentation on hover with a link to its page.

const SOURCE =
  "id: helped\nnamespace: company.team\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n" +
  "  - id: later\n    type: io.kestra.plugin.core.debug.Return\n";

/** A user who may edit flows in company.team, on the editor of a flow holding SOURCE. */
async function openEditor(page: Page) {
  const { users, tenants } = seed({
    users: { dev: {} },
    tenants: { acme: { access: ["dev"] } },
    bindings: [{ tenant: "acme", user: "dev", role: "Developer", namespace: "company.team" }],
    flows: [{ tenant: "acme", namespace: "company.team", id: "helped" }],
  });
  const t = tenants.acme.id;
  await login(page.request, users.dev);
  const put = await page.request.put(`/api/v1/${t}/flows/company.team/helped`, {
    headers: { "content-type": "application/x-yaml", "if-match": '"1"' },
    data: SOURCE,
  });
  expect(put.status()).toBe(200);
  await page.goto(`/ui/${t}/flows/company.team/helped?tab=editor`);
  await expect(page.getByText("Editing from revision 2")).toBeVisible();
  return { t };
}

/** Moves the mouse over the middle of `text` as the editor shows it. */
async function hoverText(page: Page, text: string) {
  const box = await page.locator(".cm-content").evaluate((content, wanted) => {
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at + Math.floor(wanted.length / 2));
      range.setEnd(node, at + Math.floor(wanted.length / 2) + 1);
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return null;
  }, text);
  expect(box, `"${text}" in the editor`).not.toBeNull();
  await page.mouse.move(box!.x, box!.y);
}

const completions = (page: Page) => page.locator(".cm-tooltip-autocomplete li");

/**
 * Takes the first completion with a click: the editor ignores Enter for a moment after the list
 * changes (its interaction delay), so a key press right after the list updates can become a newline.
 */
const acceptFirst = (page: Page) => completions(page).first().click();

/** Puts the cursor at the end of the editor line holding `text` (clicked near its start: a phone shows no more). */
async function endOfLine(page: Page, text: string) {
  await page.locator(".cm-line", { hasText: text }).click({ position: { x: 4, y: 4 } });
  await page.keyboard.press("End");
}

test.describe("the flow editor's help", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("completes a partial type, then the properties of that type, then an enum's values, and the flow saves", async ({ page }) => {
    const { t } = await openEditor(page);
    const returnType = "io.kestra.plugin.core.debug.Return";

    // replace the second task's type by typing part of another one's name
    await endOfLine(page, returnType);
    for (let i = 0; i < returnType.length; i++) await page.keyboard.press("Backspace");
    await page.keyboard.type("Slee");
    await expect(completions(page)).toHaveCount(1);
    await expect(completions(page).first()).toContainText("io.kestra.plugin.core.flow.Sleep");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/editor-help-type-completion.png` });
    await acceptFirst(page);
    await expect(page.locator(".cm-line", { hasText: "type: io.kestra.plugin.core.flow.Sleep" })).toHaveText("    type: io.kestra.plugin.core.flow.Sleep");

    // on the next line, Ctrl+Space lists Sleep's properties: its own required one first, shared ones too
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+Space");
    await expect(completions(page).first()).toContainText("duration");
    await expect(completions(page).first()).toContainText("duration · required");
    await expect(completions(page).filter({ hasText: "timeout" })).toHaveCount(1);
    await expect(completions(page).filter({ hasText: /^id/ })).toHaveCount(0);
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/editor-help-property-completion.png` });
    await page.keyboard.type("dur");
    await expect(completions(page)).toHaveCount(1);
    await acceptFirst(page);
    await page.keyboard.type("PT1S");

    // the first task's level: its enum values, filtered by what is typed
    await endOfLine(page, "message: hi");
    await page.keyboard.press("Enter");
    await page.keyboard.type("level: ");
    await page.keyboard.press("Control+Space");
    await expect(completions(page)).toHaveText([/^TRACE/, /^DEBUG/, /^INFO/, /^WARN/, /^ERROR/]);
    await page.keyboard.type("WA");
    await expect(completions(page)).toHaveText([/^WARN/]);
    await acceptFirst(page);

    await expect(page.getByTestId("problem-list-empty")).toBeVisible();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("save-notice")).toHaveText("Saved revision 3");
    const saved = await (await page.request.get(`/api/v1/${t}/flows/company.team/helped`)).json();
    expect(saved.source).toContain("    message: hi\n    level: WARN\n");
    expect(saved.source).toContain("    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT1S");
  });

  test("hovering a type shows its documentation, with a link to its page in a new tab", async ({ page }) => {
    await openEditor(page);
    await hoverText(page, "io.kestra.plugin.core.log.Log");
    const tooltip = page.getByTestId("flow-doc-tooltip");
    await expect(tooltip).toBeVisible();
    await expect(tooltip).toContainText("Logs one or several messages");
    await expect(tooltip).toContainText("Properties");
    await expect(tooltip).toContainText("message string or list · required");
    await expect(tooltip).toContainText("Example");
    const link = tooltip.getByRole("link", { name: "See docs" });
    await expect(link).toHaveAttribute("href", "https://kestra.io/plugins/io.kestra.plugin.core.log.Log");
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/editor-help-hover.png` });

    // a property's key: that property's documentation
    await page.mouse.move(0, 0);
    await expect(tooltip).toHaveCount(0);
    await hoverText(page, "message");
    await expect(tooltip).toContainText("message");
    await expect(tooltip).toContainText("Property of io.kestra.plugin.core.log.Log");
  });

  test("an unknown type's \"see docs\" is a link to the catalogue's documentation", async ({ page }) => {
    await openEditor(page);
    await endOfLine(page, "io.kestra.plugin.core.debug.Return");
    await page.keyboard.type("Typo");
    const problems = page.getByTestId("problem-list");
    await expect(problems).toContainText('unknown task type "io.kestra.plugin.core.debug.ReturnTypo"');
    const link = problems.getByRole("link", { name: "see docs" });
    await expect(link).toHaveAttribute("href", "https://kestra.io/plugins/core");
    await expect(link).toHaveAttribute("target", "_blank");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/editor-help-see-docs.png` });
  });

  test.describe("on a phone", () => {
    test.use({ viewport: { width: 390, height: 844 } });
    test("the completion list and the documentation stay within the screen", async ({ page }) => {
      await openEditor(page);
      await hoverText(page, "io.kestra.plugin.core.log.Log");
      const tooltip = page.getByTestId("flow-doc-tooltip");
      await expect(tooltip).toBeVisible();
      const box = (await tooltip.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/editor-help-hover-phone.png` });

      await page.mouse.move(0, 0);
      await endOfLine(page, "message: hi");
      await page.keyboard.press("Enter");
      await page.keyboard.type("lev");
      await expect(completions(page)).toHaveCount(2);
      await expect(completions(page).first()).toContainText("level");
      // the description goes under or over the list, never over its other options
      const info = (await page.locator(".cm-completionInfo").boundingBox())!;
      const list = (await page.locator(".cm-tooltip-autocomplete > ul").boundingBox())!;
      expect(info.y >= list.y + list.height - 1 || info.y + info.height <= list.y + 1, "description clear of the options").toBe(true);
      expect(info.x + info.width).toBeLessThanOrEqual(390);
      expect(list.x + list.width).toBeLessThanOrEqual(390);
      if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${OUTPUT_DIR}/editor-help-completion-phone.png` });
    });
  });
});
