// Reads the YAML around the cursor line by line, by indentation: the text being edited is often not
// valid YAML yet (a key half typed), so a parser cannot be relied on.

export type YamlLine = {
  text: string;
  /** where the line starts in the document */
  from: number;
  /** blank or a comment: ignored when walking blocks */
  empty: boolean;
  /** the column of the dash that starts a list item, or -1 */
  dash: number;
  /** the column where the line's content (after any dash) starts */
  col: number;
  key?: string;
  /** where the key ends (its colon) and its value starts, as columns */
  keyEnd?: number;
  value?: string;
  valueCol?: number;
};

const KEY = /^([A-Za-z_$][\w.$-]*)[ \t]*:(?=\s|$)[ \t]*(.*)$/;

export function readLine(text: string, from: number): YamlLine {
  const m = /^([ \t]*)((?:-[ \t]+)?)(.*)$/.exec(text)!;
  const dash = m[2] ? m[1].length : -1;
  const col = m[1].length + m[2].length;
  const content = m[3];
  const empty = content.trim() === "" || content.trimStart().startsWith("#");
  const line: YamlLine = { text, from, empty: empty && dash < 0, dash, col };
  const k = KEY.exec(content);
  if (k) {
    line.key = k[1];
    line.keyEnd = col + k[1].length;
    line.value = k[2].replace(/\s+#.*$/, "").trim();
    line.valueCol = text.length - k[2].length;
  }
  return line;
}

export function splitLines(doc: string): YamlLine[] {
  const lines: YamlLine[] = [];
  let from = 0;
  for (const text of doc.split("\n")) {
    lines.push(readLine(text, from));
    from += text.length + 1;
  }
  return lines;
}

/** The line holding `pos`, and the column of `pos` on it. */
export function lineAt(lines: YamlLine[], pos: number): { index: number; column: number } {
  let index = 0;
  while (index + 1 < lines.length && lines[index + 1].from <= pos) index++;
  return { index, column: pos - lines[index].from };
}

/** A YAML mapping: its keys (with their values), the key it is the value of, and whether it is a list item. */
export type Block = {
  col: number;
  keys: Map<string, { line: number; value: string }>;
  /** the line of the key holding this mapping (or the list of which it is an item), if any */
  parentLine?: number;
  inList: boolean;
};

/** The mapping whose keys start at column `col` and that holds line `index`. */
export function blockAt(lines: YamlLine[], index: number, col: number): Block {
  const keys = new Map<string, { line: number; value: string }>();
  const add = (i: number) => {
    const l = lines[i];
    if (l.key !== undefined && l.col === col && !keys.has(l.key)) keys.set(l.key, { line: i, value: l.value ?? "" });
  };
  let start = -1;
  let parentLine: number | undefined;
  let inList = false;
  if (lines[index].col === col) add(index);
  if (lines[index].dash >= 0 && lines[index].col === col) {
    start = index;
    inList = true;
  } else {
    for (let i = index - 1; i >= 0; i--) {
      const l = lines[i];
      if (l.empty || l.col > col) continue;
      if (l.col < col) {
        parentLine = i;
        break;
      }
      add(i);
      if (l.dash >= 0) {
        start = i;
        inList = true;
        break;
      }
    }
  }
  for (let i = index + 1; i < lines.length; i++) {
    const l = lines[i];
    if (l.empty || l.col > col) continue;
    if (l.col < col || l.dash >= 0) break;
    add(i);
  }
  if (inList) parentLine = listParent(lines, start);
  return { col, keys, parentLine, inList };
}

/** The `key:` line a list item at line `start` belongs to. */
function listParent(lines: YamlLine[], start: number): number | undefined {
  const dash = lines[start].dash;
  for (let i = start - 1; i >= 0; i--) {
    const l = lines[i];
    if (l.empty) continue;
    const at = l.dash >= 0 ? l.dash : l.col;
    if (at > dash || (l.dash === dash)) continue;
    return l.key !== undefined ? i : undefined;
  }
  return undefined;
}
