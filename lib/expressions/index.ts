/**
 * The orchestrator's template language (Pebble with its extensions), interpreted in a sandbox:
 * parse once, render against plain data, with budgets and secret tracking. No database, no disk:
 * secrets, KV pairs and files come from the caller's hooks.
 */
export type { Budgets, Hooks, RenderOptions } from "./context";
export { DEFAULT_BUDGETS } from "./context";
export { checkExpressions, type ExpressionWarning } from "./check";
export { ExpressionError, type ExpressionErrorCode } from "./errors";
export { parseTemplate } from "./parser";
export { hasExpression, maskSecrets, parseCached, render, type RenderResult } from "./render";
export { DateTime } from "./values";
