import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { hasDotSegment } = require("../scripts/peer-address.cjs") as { hasDotSegment: (url: string) => boolean };

// The server's preload refuses request paths with a dot segment before Next.js resolves them into
// a redirect that keeps the method (e2e/hostile-http.spec.ts sends them over HTTP).
describe("dot segments in a request path", () => {
  it.each([
    "/api/v1/t/namespaces/ok/files/..",
    "/api/v1/t/namespaces/ok/files/%2E%2E",
    "/api/v1/t/namespaces/ok/files/%2e%2E/x",
    "/api/v1/t/namespaces/ok/files/x/.",
    "/api/v1/t/namespaces/ok/files/%2e",
    "/api/v1/t/namespaces/ok/files/..%2Fetc",
    "/api/v1/t/namespaces/ok/files/..%5Cetc",
    "/ui/t/../admin",
  ])("refuses %s", (url) => expect(hasDotSegment(url)).toBe(true));

  it.each([
    "/",
    "/ui/t/flows",
    "/api/v1/t/namespaces/ok/files/.env",
    "/api/v1/t/namespaces/ok/files/a..b",
    "/api/v1/t/namespaces/ok/files/...",
    "/api/v1/t/namespaces/ok/files/%2E%2E%2E",
    "/api/v1/t/flows/search?q=../..",
  ])("lets %s through", (url) => expect(hasDotSegment(url)).toBe(false));
});
