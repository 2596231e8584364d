/** A Java DateTimeFormatter pattern split into fields (a letter repeated) and literal text. */
export type Part = { kind: "field"; letter: string; count: number } | { kind: "literal"; text: string };

const LETTERS = /[A-Za-z]/;
/** Pattern letters this formatter implements; any other letter is refused, as Java refuses unknown ones. */
export const SUPPORTED = "GyuYMLdDQqEecawkHhKmsSnAVzOXxZ";

export function parsePattern(pattern: string): Part[] | string {
  const parts: Part[] = [];
  let i = 0;
  const literal = (text: string) => {
    const last = parts[parts.length - 1];
    if (last?.kind === "literal") last.text += text;
    else parts.push({ kind: "literal", text });
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        literal("'");
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = "";
      for (;;) {
        if (j >= pattern.length) return "unclosed quote in the date pattern";
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j++];
      }
      literal(text);
      i = j + 1;
    } else if (LETTERS.test(c)) {
      if (!SUPPORTED.includes(c)) return `unknown pattern letter '${c}'`;
      let j = i;
      while (pattern[j] === c) j++;
      parts.push({ kind: "field", letter: c, count: j - i });
      i = j;
    } else if (c === "[" || c === "]") {
      i++; // optional sections: always printed
    } else {
      literal(c);
      i++;
    }
  }
  return parts;
}
