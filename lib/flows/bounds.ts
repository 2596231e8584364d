import { invalid } from "../errors";

/**
 * The most task, trigger and other plugin entries (mappings with a `type`) a flow may hold. Real
 * flows hold tens; the bound keeps one request from making the validator walk tens of thousands.
 */
export const MAX_FLOW_TYPED_ENTRIES = 2_000;
/** Problems listed in a refusal; the message still gives their total. */
export const MAX_REPORTED_PROBLEMS = 100;

// a `type` key, plain or quoted, in block style (at a line start, after `- `) or in flow style
const TYPE_KEY = /(?:^|[\s{,[-])(["']?)type\1[ \t]*:/gm;

/**
 * Counts the `type` keys in the text without parsing it: an upper bound of the flow's tasks and
 * triggers for ordinary YAML and JSON (a `type:` line inside a script counts too, hence the
 * generous limit). Parsing a megabyte of YAML costs seconds, so this runs before it.
 */
export function countTypeKeys(source: string): number {
  let n = 0;
  TYPE_KEY.lastIndex = 0;
  while (TYPE_KEY.exec(source)) n++;
  return n;
}

/** Refuses (422) a flow too large to validate, before its YAML is parsed. */
export function checkFlowBounds(source: string): void {
  const n = countTypeKeys(source);
  if (n > MAX_FLOW_TYPED_ENTRIES) {
    throw invalid(
      `The flow holds ${n} task or trigger entries; a flow may hold at most ${MAX_FLOW_TYPED_ENTRIES}: split it into subflows`,
      [{ path: "tasks", message: `at most ${MAX_FLOW_TYPED_ENTRIES} entries with a type` }],
    );
  }
}
