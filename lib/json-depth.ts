/**
 * The deepest a JSON or YAML value accepted from a client may be nested (KV values, namespace
 * variables, plugin defaults). Far beyond any real setting, and far from the depth at which the
 * recursive JSON.stringify, structured clone or a database driver would overflow the stack.
 */
export const MAX_VALUE_DEPTH = 32;

/**
 * Is `value` nested deeper than `limit` levels? Iterative, with an early stop, so that a hostile
 * document costs no more than walking down to the limit and cannot overflow the stack here.
 */
export function nestedDeeperThan(value: unknown, limit = MAX_VALUE_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}

export const nestingMessage = (limit = MAX_VALUE_DEPTH) => `must be nested at most ${limit} levels deep`;
