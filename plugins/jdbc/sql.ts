// SQL text helpers: splitting a script into statements and binding `:name` parameters, both
// skipping quoted text ('...', "...", `...`, $tag$...$tag$) and comments.

type Piece = { text: string; code: boolean };

/** The SQL cut into code and non-code (strings, quoted names, comments) pieces. */
function pieces(sql: string): Piece[] {
  const out: Piece[] = [];
  let code = "";
  let i = 0;
  const flush = () => {
    if (code) out.push({ text: code, code: true });
    code = "";
  };
  while (i < sql.length) {
    const c = sql[i];
    let end = -1;
    if (c === "'" || c === '"' || c === "`") {
      end = i + 1;
      while (end < sql.length) {
        if (sql[end] === "\\" && c === "'") end += 2;
        else if (sql[end] === c && sql[end + 1] === c) end += 2;
        else if (sql[end] === c) break;
        else end++;
      }
      end = Math.min(end + 1, sql.length);
    } else if (c === "-" && sql[i + 1] === "-") {
      end = sql.indexOf("\n", i);
      end = end < 0 ? sql.length : end;
    } else if (c === "/" && sql[i + 1] === "*") {
      end = sql.indexOf("*/", i + 2);
      end = end < 0 ? sql.length : end + 2;
    } else if (c === "$") {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? "")) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        end = close < 0 ? sql.length : close + tag[0].length;
      }
    }
    if (end > i) {
      flush();
      out.push({ text: sql.slice(i, end), code: false });
      i = end;
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return out;
}

/** The statements of a script separated by `;`, without the empty ones. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = "";
  for (const p of pieces(sql)) {
    if (!p.code) {
      current += p.text;
      continue;
    }
    const parts = p.text.split(";");
    current += parts[0];
    for (const part of parts.slice(1)) {
      statements.push(current);
      current = part;
    }
  }
  statements.push(current);
  // a statement made only of comments is not one
  return statements.map((s) => s.trim()).filter((s) => pieces(s).some((p) => (p.code ? p.text.trim() !== "" : !/^(--|\/\*)/.test(p.text))));
}

/**
 * Replaces each `:name` of the SQL's code by the driver's placeholder and answers the values in
 * order (a name the parameters do not hold binds null, as the orchestrator does). `::` casts are
 * left alone.
 */
export function bindNamed(sql: string, parameters: Record<string, unknown>, placeholder: (index: number) => string): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const text = pieces(sql)
    .map((p) =>
      p.code
        ? p.text.replace(/(::)|:([A-Za-z_][A-Za-z0-9_]*)/g, (m, cast: string | undefined, name: string | undefined) => {
            if (cast) return m;
            values.push(Object.hasOwn(parameters, name!) ? parameters[name!] : null);
            return placeholder(values.length);
          })
        : p.text,
    )
    .join("");
  return { sql: text, values };
}
