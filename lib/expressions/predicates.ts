import { registry, type TestDef } from "./registry";
import { isEmpty, isPlainMap, UNDEFINED } from "./values";

const isInteger = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** The `is ...` tests. */
export const TESTS: ReadonlyMap<string, TestDef> = registry<TestDef>({
  defined: { args: [], apply: (input) => input !== UNDEFINED },
  null: { args: [], apply: (input) => input === null },
  empty: { args: [], apply: (input) => isEmpty(input) },
  even: { args: [], apply: (input, _a, site) => (isInteger(input) ? input % 2 === 0 : site.fail("expects an integer")) },
  odd: { args: [], apply: (input, _a, site) => (isInteger(input) ? Math.abs(input % 2) === 1 : site.fail("expects an integer")) },
  iterable: { args: [], apply: (input) => Array.isArray(input) || isPlainMap(input) },
  map: { args: [], apply: (input) => isPlainMap(input) },
  json: {
    args: [],
    apply: (input) => {
      if (typeof input !== "string") return false;
      try {
        JSON.parse(input);
        return true;
      } catch {
        return false;
      }
    },
  },
});
