import { parseDocument, stringify } from "yaml";
import type { CallSite } from "../context";
import type { Args, FilterDef } from "../registry";
import { toJson } from "../serialize";
import { isData, isPlainMap, mapKeys, newMap, typeName } from "../values";
import { runJq } from "./jq";
import { text } from "./input";

const serialize: FilterDef = { args: [], apply: (input, _a, site) => toJson(input, site) };

/** Copies a parsed document into prototype-less maps (JSON and YAML may carry any key). */
export function fromParsed(value: unknown, site: CallSite, depth = 0): unknown {
  site.tick();
  if (depth > 100) site.fail("the document is nested more than 100 levels deep");
  if (Array.isArray(value)) return value.map((v) => fromParsed(v, site, depth + 1));
  if (isPlainMap(value)) return newMap(mapKeys(value).map((k) => [k, fromParsed(value[k], site, depth + 1)]));
  if (value === undefined) return null;
  if (!isData(value)) return site.fail(`a ${typeName(value)} is not data a template can use`);
  return value;
}

export function parseJson(input: unknown, site: CallSite): unknown {
  if (input === null) return null;
  const s = text(input, site);
  try {
    return fromParsed(JSON.parse(s), site);
  } catch (e) {
    if (e instanceof SyntaxError) return site.fail(`the text is not JSON: ${e.message}`);
    throw e;
  }
}

export function parseYaml(input: unknown, site: CallSite): unknown {
  if (input === null) return null;
  const doc = parseDocument(text(input, site), { prettyErrors: false });
  if (doc.errors.length) return site.fail(`the text is not YAML: ${doc.errors[0].message.split("\n")[0]}`);
  try {
    return fromParsed(doc.toJS({ maxAliasCount: 100 }), site);
  } catch (e) {
    return site.fail(`the YAML cannot be read: ${(e as Error).message}`);
  }
}

export const DATA_FILTERS: Record<string, FilterDef> = {
  toJson: serialize,
  json: serialize,
  jsonEncode: serialize,
  yaml: {
    args: [],
    apply: (input, _a: Args, site: CallSite) => {
      // through our bounded JSON first, so the YAML library only ever sees plain, finite data
      const plain = JSON.parse(toJson(input, site));
      return stringify(plain, { aliasDuplicateObjects: false });
    },
  },
  jq: {
    args: ["expression"],
    apply: (input, args: Args, site: CallSite) => runJq(input, text(args.expression, site, "expression"), site),
  },
};
