// The production build in a real browser (Playwright driving Debian's Chromium): the JavaScript a
// first visit of the flows page downloads, and the time from choosing another tenant in the
// dropdown to that tenant's flow table being on screen.
import { type Page, chromium } from "@playwright/test";
import { median, percentile } from "./stats";

export type BrowserResult = {
  firstLoad: { scripts: number; transferred: number; decoded: number; files: string[] };
  switches: number[];
  median: number;
  p90: number;
  max: number;
};

export async function login(page: Page, base: string, user: { username: string; password: string }) {
  const { csrfToken } = await (await page.request.get(`${base}/api/auth/csrf`)).json();
  const res = await page.request.post(`${base}/api/auth/callback/credentials`, {
    form: { csrfToken, username: user.username, password: user.password, json: "true" },
    maxRedirects: 0,
  });
  if (![200, 302].includes(res.status())) throw new Error(`sign-in failed: ${res.status()}`);
  const session = await (await page.request.get(`${base}/api/auth/session`)).json();
  if (!session?.userId) throw new Error(`sign-in failed for ${user.username}`);
}

/** Debian's Chromium, headless, without background work that would share the measured minutes. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic"],
  });
}

export async function browserBench(opts: {
  base: string;
  user: { username: string; password: string };
  tenants: [string, string];
  /** the first row (default sort) of each tenant's flow table, so the right table is recognised */
  firstFlow: Record<string, string>;
  switches: number;
}): Promise<BrowserResult> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
    const page = await context.newPage();
    await login(page, opts.base, opts.user);

    // first load with an empty cache: every script response, as sent (gzip) and decoded
    const scripts: { url: string; transferred: number; decoded: number }[] = [];
    page.on("requestfinished", async (req) => {
      if (req.resourceType() !== "script") return;
      const sizes = await req.sizes();
      const res = await req.response();
      const body = res ? await res.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
      scripts.push({ url: req.url(), transferred: sizes.responseBodySize, decoded: body.length });
    });
    const [a, b] = opts.tenants;
    await page.goto(`${opts.base}/ui/${a}/flows`, { waitUntil: "networkidle" });
    await page.getByTestId("flows-table").waitFor();
    await new Promise((r) => setTimeout(r, 500));
    page.removeAllListeners("requestfinished");
    const firstLoad = {
      scripts: scripts.length,
      transferred: scripts.reduce((s, x) => s + x.transferred, 0),
      decoded: scripts.reduce((s, x) => s + x.decoded, 0),
      files: scripts.map((s) => new URL(s.url).pathname),
    };

    // tenant switches, timed inside the page: from the click on the option to the next frame
    // after the target tenant's first flow row is in the table
    const times: number[] = [];
    let current = a;
    for (let i = 0; i < opts.switches; i++) {
      const target = current === a ? b : a;
      await page.getByTestId("tenant-switcher").click();
      const option = page.locator(`[role="option"][data-tenant="${target}"]`);
      await option.waitFor();
      // a string, not a function: the TypeScript loader would wrap named functions in a helper
      // that does not exist in the page
      const timing = page.evaluate<number>(`new Promise((resolve, reject) => {
        let start = 0;
        document.addEventListener("click", () => { start = performance.now(); }, { capture: true, once: true });
        const observer = new MutationObserver(() => {
          const row = document.querySelector('[data-testid="flows-table"] [data-testid="flow-row"]');
          if (!(start > 0 && location.pathname === ${JSON.stringify(`/ui/${target}/flows`)} && row && (row.textContent || "").includes(${JSON.stringify(opts.firstFlow[target])}))) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - start));
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
        setTimeout(() => reject(new Error("no flow table of ${target} within 30 s")), 30000);
      })`);
      timing.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
      await option.click();
      times.push(await timing);
      current = target;
      await page.waitForLoadState("networkidle");
    }
    return {
      firstLoad,
      switches: times,
      median: median(times),
      p90: percentile([...times].sort((x, y) => x - y), 90),
      max: Math.max(...times),
    };
  } finally {
    await browser.close();
  }
}
