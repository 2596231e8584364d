import { createHash } from "node:crypto";
import type { CallSite } from "../context";
import type { Args, FilterDef } from "../registry";
import { nullable, text } from "./input";

const hash = (algorithm: string): FilterDef => ({
  args: [],
  apply: nullable((input, _a: Args, site: CallSite) => createHash(algorithm).update(text(input, site), "utf8").digest("hex")),
});

export const ENCODING_FILTERS: Record<string, FilterDef> = {
  base64encode: { args: [], apply: nullable((input, _a: Args, site: CallSite) => Buffer.from(text(input, site), "utf8").toString("base64")) },
  base64decode: {
    args: [],
    apply: nullable((input, _a: Args, site: CallSite) => {
      const s = text(input, site).trim();
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 === 1) site.fail("the input is not base64");
      return Buffer.from(s, "base64").toString("utf8");
    }),
  },
  sha1: hash("sha1"),
  sha256: hash("sha256"),
  sha512: hash("sha512"),
  md5: hash("md5"),
};
