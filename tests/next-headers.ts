// A stand-in for next/headers in tests that call server actions or pages directly: the request's
// cookies are whatever a test puts in `browser.cookie`, and it comes from the app's own origin.
// Use: `vi.mock("next/headers", () => import("./next-headers"));` and set `browser.cookie`.
export const browser = { cookie: "" };

export async function cookies() {
  return {
    getAll: () =>
      browser.cookie
        .split(";")
        .filter(Boolean)
        .map((c) => {
          const i = c.indexOf("=");
          return { name: c.slice(0, i).trim(), value: c.slice(i + 1).trim() };
        }),
  };
}

export async function headers() {
  return new Headers({ origin: "http://localhost:3000", host: "localhost:3000" });
}
