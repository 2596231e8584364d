import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// A report's `## Title` sections, each written by its own part of the bench: read one to carry it
// over when the report is written again, or replace it in place.

const heading = (title: string) => new RegExp(`^## ${title}\\n[\\s\\S]*?(?=^## |(?![\\s\\S]))`, "m");

/** The section as it stands in the report, or null. */
export function readSection(file: string, title: string): string | null {
  if (!fs.existsSync(file)) return null;
  return heading(title).exec(fs.readFileSync(file, "utf8"))?.[0] ?? null;
}

/** Replaces the section in the report, or puts it before the first of `before` that the report has (else at the end). */
export function writeSection(file: string, title: string, section: string, before: string[]): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n\n";
  const body = section.endsWith("\n\n") ? section : `${section.trimEnd()}\n\n`;
  const at = before.map((b) => new RegExp(`^## ${b}$`, "m")).find((re) => re.test(text));
  const next = heading(title).test(text) ? text.replace(heading(title), body) : at ? text.replace(at, (m) => `${body}${m}`) : `${text.trimEnd()}\n\n${body}`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, next);
}

/** The load before a run, and what it says: above the machine's CPUs, other work shared the machine. */
export function loadSentence(loadBefore: number[]): string {
  const shared = Math.max(loadBefore[0], loadBefore[1]) > os.cpus().length;
  return (
    `Load average before the run: ${loadBefore.map((l) => l.toFixed(2)).join(" / ")}. ` +
    (shared
      ? "The machine was shared with other work during the run: the numbers are lower bounds of what an idle machine gives."
      : "No other work was running (a load below the machine's CPUs is what the previous benchmark left).")
  );
}
