import { describe, expect, it, vi } from "vitest";
import { createTokenAction } from "@/lib/tokens/actions";
import { db } from "@/lib/db";
import { makeUser, sessionCookie } from "./helpers";
import { browser } from "./next-headers";

// The token form's server action, as the browser calls it: an absurd expiry is a validation error
// on its field, never a server error, and nothing is stored.

vi.mock("next/headers", () => import("./next-headers"));

describe("createTokenAction expiry", () => {
  it.each(["99999999999999999999d", "P999999999W", "365001d"])("refuses %s with a field error", async (expiresIn) => {
    const u = await makeUser();
    browser.cookie = await sessionCookie(u);
    const res = await createTokenAction({ name: "far", expiresIn });
    expect(res.ok).toBe(false);
    expect(res.ok ? null : res.error).toMatchObject({ status: 422, details: [{ path: "expiresIn" }] });
    expect(await db.apiToken.count({ where: { userId: u.id } })).toBe(0);
  });

  it("still accepts a long but sane expiry", async () => {
    const u = await makeUser();
    browser.cookie = await sessionCookie(u);
    const res = await createTokenAction({ name: "long", expiresIn: "3650d" });
    expect(res.ok).toBe(true);
  });
});
