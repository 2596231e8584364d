import { type APIRequestContext, type Locator, type Page, expect } from "@playwright/test";
import { baseURL } from "./env";

// What the executions specs share: an API client with a token, flows and executions made through
// the API, and the execution page's tabs and Execute form driven as a user does.

type Playwright = { request: { newContext: (o: object) => Promise<APIRequestContext> } };

/** An API client that sends the token (dispose() it at the end). */
export function api(playwright: Playwright, token: string) {
  return playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}

/** Saves a flow's YAML through the API (201). */
export async function createFlow(request: APIRequestContext, t: string, yaml: string) {
  expect((await request.post(`/api/v1/${t}/flows`, { data: yaml, headers: { "content-type": "application/x-yaml" } })).status()).toBe(201);
}

/** Starts an execution through the API (with `wait`, until it ended in SUCCESS) and answers its id. */
export async function run(request: APIRequestContext, t: string, namespace: string, flowId: string, wait = false): Promise<string> {
  const res = await request.post(`/api/v1/${t}/executions/${namespace}/${flowId}${wait ? "?wait=true" : ""}`, { data: {} });
  const body = await res.json();
  expect(res.ok(), JSON.stringify(body)).toBe(true);
  if (wait) expect(body.state.current).toBe("SUCCESS");
  return body.id as string;
}

/** The execution's state through the API. */
export async function stateOf(request: APIRequestContext, t: string, id: string): Promise<string> {
  const res = await request.get(`/api/v1/${t}/executions/${id}`);
  expect(res.status()).toBe(200);
  return (await res.json()).state.current as string;
}

/** The execution page's root: its `data-state` is the execution's state as the page shows it. */
export const pageState = (page: Page) => page.getByTestId("execution-page");

export const tab = (page: Page, name: string) => page.getByRole("tab", { name: new RegExp(`^${name}`) });

/** Opens a tab of the page, clicking again until it is selected (a click before hydration does nothing). */
export async function openTab(page: Page, name: string) {
  await expect(async () => {
    await tab(page, name).click();
    await expect(tab(page, name)).toHaveAttribute("aria-selected", "true", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

/** Runs the flow whose page is open through its Execute form, and waits for the execution's page. */
export async function executeFromForm(page: Page, t: string, namespace: string, flowId: string, fill?: (dialog: Locator) => Promise<void>) {
  await expect(async () => {
    await page.getByRole("button", { name: "Execute", exact: true }).click();
    await expect(page.getByRole("dialog", { name: `Execute ${flowId}` })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const dialog = page.getByRole("dialog", { name: `Execute ${flowId}` });
  if (fill) await fill(dialog);
  await dialog.getByRole("button", { name: "Execute", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/ui/${t}/executions/${namespace.replaceAll(".", "\\.")}/${flowId}/[A-Za-z0-9_-]+$`));
  return page.url().split("/").at(-1)!;
}
