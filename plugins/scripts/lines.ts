import { StringDecoder } from "node:string_decoder";

// A process's output arrives in chunks: this cuts it into lines (UTF-8 safe across chunks), never
// holding more than `maxLine` characters of an unfinished line.

export class LineSplitter {
  private decoder = new StringDecoder("utf8");
  private partial = "";

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLine = 1024 * 1024,
  ) {}

  push(chunk: Buffer): void {
    this.take(this.decoder.write(chunk));
  }

  end(): void {
    this.take(this.decoder.end());
    if (this.partial) this.onLine(this.partial);
    this.partial = "";
  }

  private take(text: string): void {
    let rest = this.partial + text;
    for (let nl = rest.indexOf("\n"); nl !== -1; nl = rest.indexOf("\n")) {
      this.onLine(rest.slice(0, nl).replace(/\r$/, ""));
      rest = rest.slice(nl + 1);
    }
    while (rest.length > this.maxLine) {
      this.onLine(rest.slice(0, this.maxLine));
      rest = rest.slice(this.maxLine);
    }
    this.partial = rest;
  }
}

export type ScriptMessage = {
  outputs?: Record<string, unknown>;
  logs?: { level: string; message: string }[];
  metrics?: unknown[];
};

const MESSAGE = /^::(\{.*\})::$/;

/**
 * A line of the orchestrator's convention for scripts: `::{"outputs":{...}}::` (also `logs` and
 * `metrics`), or null for an ordinary line (a line that looks like one but is not JSON included).
 */
export function parseScriptMessage(line: string): ScriptMessage | null {
  const match = MESSAGE.exec(line.trim());
  if (!match) return null;
  try {
    const parsed = JSON.parse(match[1]) as unknown;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
    const p = parsed as Record<string, unknown>;
    const message: ScriptMessage = {};
    if (p.outputs && typeof p.outputs === "object" && !Array.isArray(p.outputs)) message.outputs = p.outputs as Record<string, unknown>;
    if (Array.isArray(p.logs))
      message.logs = p.logs
        .filter((l): l is Record<string, unknown> => !!l && typeof l === "object")
        .map((l) => ({ level: String(l.level ?? "INFO"), message: String(l.message ?? "") }));
    if (Array.isArray(p.metrics)) message.metrics = p.metrics;
    return message;
  } catch {
    return null;
  }
}
