import { beforeAll, describe, expect, it, vi } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { pageTenant } from "@/lib/auth/page";
import { createBinding } from "@/lib/rbac/bindings";
import { grantAccess } from "@/lib/tenants/access";
import { makeTenant, makeUser, sessionCookie } from "./helpers";

// A page's declared permission, enforced by pageTenant with the rules of the API routes and the
// server actions: a namespace the caller may not read is the not-found page; a permission the
// caller lacks in a tenant that is theirs is `refused`, which the page names.

const session = { cookie: "" };
vi.mock("next/headers", () => ({
  cookies: async () => {
    const jar = new Map(
      session.cookie.split(";").filter(Boolean).map((c) => {
        const i = c.indexOf("=");
        return [c.slice(0, i).trim(), c.slice(i + 1).trim()] as const;
      }),
    );
    return { getAll: () => [...jar].map(([name, value]) => ({ name, value })), get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n) } : undefined) };
  },
  headers: async () => new Headers({ host: "localhost:3000" }),
}));
vi.mock("next/navigation", () => ({
  notFound: () => {
    throw new Error("NOT_FOUND");
  },
  redirect: (to: string) => {
    throw new Error(`REDIRECT ${to}`);
  },
}));

let tenant = "";
const cookies: Record<"viewer" | "nsDeveloper" | "outsider", string> = { viewer: "", nsDeveloper: "", outsider: "" };
async function as<T>(who: keyof typeof cookies, run: () => Promise<T>) {
  session.cookie = cookies[who];
  try {
    return await run();
  } finally {
    session.cookie = "";
  }
}

beforeAll(async () => {
  tenant = (await makeTenant(await makeUser())).id;
  const ctx = await tenantContext(cliActor(), tenant);
  const viewer = await makeUser();
  const nsDeveloper = await makeUser();
  for (const u of [viewer, nsDeveloper]) await grantAccess(ctx, u.username);
  await createBinding(ctx, { user: viewer.username, role: "Viewer", namespace: null });
  await createBinding(ctx, { user: nsDeveloper.username, role: "Developer", namespace: "team.a" });
  cookies.viewer = await sessionCookie(viewer);
  cookies.nsDeveloper = await sessionCookie(nsDeveloper);
  cookies.outsider = await sessionCookie(await makeUser());
}, 60_000);

describe("pageTenant with a declared permission", () => {
  it("passes a caller who holds it, in the page's namespace or tenant-wide", async () => {
    expect((await as("viewer", () => pageTenant(tenant, { permission: "FLOW", namespace: "team.a" }))).refused).toBeNull();
    expect((await as("nsDeveloper", () => pageTenant(tenant, { permission: "FLOW", namespace: "team.a.sub" }))).refused).toBeNull();
    expect((await as("nsDeveloper", () => pageTenant(tenant, { permission: "FLOW", action: "CREATE" }))).refused).toBeNull();
    expect((await as("nsDeveloper", () => pageTenant(tenant, { permission: "AUDITLOG" }))).refused).toBeNull();
  });

  it("names the missing permission in a tenant that is theirs", async () => {
    expect((await as("viewer", () => pageTenant(tenant, { permission: "ROLE" }))).refused).toBe("ROLE:READ");
    expect((await as("viewer", () => pageTenant(tenant, { permission: "FLOW", action: "CREATE" }))).refused).toBe("FLOW:CREATE");
    // a namespace binding does not reach a tenant-wide page
    expect((await as("nsDeveloper", () => pageTenant(tenant, { permission: "SECRET", tenantWide: true }))).refused).toBe("SECRET:READ");
    expect((await as("viewer", () => pageTenant(tenant, { permission: "FLOW", action: "UPDATE", namespace: "team.a" }))).refused).toBe("FLOW:UPDATE");
  });

  it("is the not-found page in a namespace the caller may not read, and in a tenant not theirs", async () => {
    await expect(as("nsDeveloper", () => pageTenant(tenant, { permission: "FLOW", namespace: "team.b" }))).rejects.toThrow("NOT_FOUND");
    await expect(as("viewer", () => pageTenant(tenant, { permission: "SECRET", namespace: "team.a" }))).rejects.toThrow("NOT_FOUND");
    await expect(as("outsider", () => pageTenant(tenant, { permission: "FLOW" }))).rejects.toThrow("NOT_FOUND");
    await expect(as("outsider", () => pageTenant(tenant))).rejects.toThrow("NOT_FOUND");
  });
});
