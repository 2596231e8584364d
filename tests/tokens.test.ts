import { cliActor } from "@/lib/authz/actor";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createToken } from "@/lib/tokens/tokens";
import { makeUser } from "./helpers";

describe("createToken errors", () => {
  it("names the field of each problem, so the form can show it there", async () => {
    const u = await makeUser();
    const badExpiry = await createToken(cliActor(), u.id, { name: "ci", expiresIn: "soon" }).catch((e) => e);
    expect(badExpiry).toBeInstanceOf(AppError);
    expect(badExpiry.status).toBe(422);
    expect(badExpiry.details).toEqual([{ path: "expiresIn", message: 'Invalid expiry "soon": use e.g. 30d, 12h or P30D' }]);

    const noName = await createToken(cliActor(), u.id, { name: " " }).catch((e) => e);
    expect(noName.status).toBe(422);
    expect(noName.details).toEqual([{ path: "name", message: "a token needs a name" }]);
  });
});
