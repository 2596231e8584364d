import { describe, expect, it } from "vitest";
import { MASK, maskSecrets } from "./write";

describe("maskSecrets", () => {
  it("masks secret material at any depth", () => {
    const out = maskSecrets(
      { username: "a", password: "p", nested: [{ tokenHash: "h", keep: 1 }], passwordHash: "x" },
      "USER",
    ) as Record<string, unknown>;
    expect(out).toEqual({ username: "a", password: MASK, nested: [{ tokenHash: MASK, keep: 1 }], passwordHash: MASK });
  });

  it("masks a secret's value but not a KV entry's", () => {
    expect(maskSecrets({ key: "K", value: "hunter2" }, "SECRET")).toEqual({ key: "K", value: MASK });
    expect(maskSecrets({ key: "K", value: "plain" }, "KV")).toEqual({ key: "K", value: "plain" });
  });
});
