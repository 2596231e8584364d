// Expressions: renders per second of typical templates, parsed once (the engine caches parsed
// templates by source). CPU only, no database: a few seconds. Part of `npm run bench`; alone:
//
//   node bin/tenantflow-script.mjs scripts/bench/expressions.ts [--seconds S] [--out FILE]
//
// prints the numbers and writes (or replaces) the "Expressions" section of docs/benchmarks.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseTemplate, render } from "../../lib/expressions";

const LOG_MESSAGE =
  "Hello {{ inputs.name }}, {{ flow.namespace }}.{{ flow.id }} started at {{ execution.startDate | date('yyyy-MM-dd HH:mm:ss') }} ({{ outputs.fetch.value ?? 'no value' }})";

const REPORT = `Report for {{ flow.namespace }} / {{ flow.id }} ({{ execution.id }})
{% for row in outputs.query.rows %}
{%- if row.status == 'FAILED' %}
- {{ row.name | upper }}: failed after {{ row.attempts }} attempts
{%- elseif row.status == 'WARNING' %}
- {{ row.name }}: warning ({{ row.message | default('no message') }})
{%- else %}
- {{ row.name }}: ok in {{ row.duration | numberFormat('#,##0.0') }} s
{%- endif %}
{%- if loop.last %}
Total: {{ loop.length }} rows, {{ outputs.query.rows | length }} read
{%- endif %}
{%- endfor %}
{% set failed = outputs.query.rows | jq('[.[] | select(.status == "FAILED")] | length') | first %}
{% if failed > 0 -%}
{{ failed }} failed: see {{ execution.id | slugify }}
{%- else -%}
All good.
{%- endif %}
Labels: {{ labels | keys | join(', ') }}
Generated {{ execution.startDate | dateAdd(1, 'DAYS') | date('EEEE d MMMM yyyy') }}`;

const STATUSES = ["SUCCESS", "FAILED", "WARNING", "SUCCESS", "SUCCESS"];
const VARIABLES = {
  flow: { id: "nightly", namespace: "company.team" },
  execution: { id: "5Xa8kWp3Lq2Hs9Tz", startDate: "2024-03-05T14:07:09.123Z" },
  inputs: { name: "Ada" },
  labels: { team: "data", env: "prod" },
  outputs: {
    fetch: { value: null },
    query: {
      rows: Array.from({ length: 10 }, (_v, i) => ({ name: `row-${i}`, status: STATUSES[i % 5], attempts: i % 3, message: i % 2 ? "slow" : null, duration: 1234.56 * i })),
    },
  },
};

export const TEMPLATES = [
  { name: "Log message (5 expressions, one date filter)", source: LOG_MESSAGE },
  { name: "20-line report (for, if/elseif/else, filters, jq, 10 rows)", source: REPORT },
];

export type ExpressionsResult = { seconds: number; rows: { name: string; lines: number; renders: number; perSecond: number; parseMicros: number; outputChars: number }[] };

/** Renders each template for `seconds` after a short warm-up; counts whole renders. */
export async function expressionsBench(seconds = 2): Promise<ExpressionsResult> {
  const rows: ExpressionsResult["rows"] = [];
  for (const t of TEMPLATES) {
    for (let i = 0; i < 200; i++) parseTemplate(t.source);
    const parseStart = performance.now();
    for (let i = 0; i < 1000; i++) parseTemplate(t.source);
    const parseMicros = ((performance.now() - parseStart) / 1000) * 1000;
    const first = await render(t.source, VARIABLES);
    const warmUntil = performance.now() + 500;
    while (performance.now() < warmUntil) await render(t.source, VARIABLES);
    let renders = 0;
    const start = performance.now();
    const until = start + seconds * 1000;
    while (performance.now() < until) {
      for (let i = 0; i < 50; i++) await render(t.source, VARIABLES);
      renders += 50;
    }
    const elapsed = (performance.now() - start) / 1000;
    rows.push({ name: t.name, lines: t.source.split("\n").length, renders, perSecond: renders / elapsed, parseMicros, outputChars: first.output.length });
  }
  return { seconds, rows };
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

export function expressionsSection(r: ExpressionsResult, command: string): string {
  const lines = [
    "## Expressions",
    "",
    `Produced by \`${command}\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC (Node.js ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" / ")}); one process, one render at a time, each template parsed once and taken from the cache (${r.seconds} s per template after 0.5 s of warm-up).`,
    "",
    "| template | lines | output chars | renders/s | µs per render | parse (µs, uncached) |",
    "|---|---:|---:|---:|---:|---:|",
    ...r.rows.map((row) => `| ${row.name} | ${row.lines} | ${row.outputChars} | ${fmt(row.perSecond)} | ${(1e6 / row.perSecond).toFixed(1)} | ${row.parseMicros.toFixed(1)} |`),
    "",
  ];
  return lines.join("\n");
}

const HEADING = /^## Expressions\n[\s\S]*?(?=^## |(?![\s\S]))/m;

/** The section as it stands in a report, to carry it over when the report is written again. */
export function readExpressionsSection(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  return HEADING.exec(fs.readFileSync(file, "utf8"))?.[0] ?? null;
}

/** Replaces the section in the report, or puts it before the Analysis (or at the end). */
export function writeExpressionsSection(file: string, section: string): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n\n";
  const body = section.endsWith("\n\n") ? section : `${section.trimEnd()}\n\n`;
  let next: string;
  if (HEADING.test(text)) next = text.replace(HEADING, body);
  else if (/^## Analysis$/m.test(text)) next = text.replace(/^## Analysis$/m, `${body}## Analysis`);
  else next = `${text.trimEnd()}\n\n${body}`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, next);
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const seconds = Number(flag("seconds") ?? 2);
  const out = path.resolve(process.cwd(), flag("out") ?? "docs/benchmarks.md");
  const result = await expressionsBench(seconds);
  for (const row of result.rows) console.log(`${row.name}: ${fmt(row.perSecond)} renders/s (${(1e6 / row.perSecond).toFixed(1)} µs), parse ${row.parseMicros.toFixed(1)} µs`);
  const command = ["node bin/tenantflow-script.mjs scripts/bench/expressions.ts", ...args].join(" ");
  writeExpressionsSection(out, expressionsSection(result, command));
  console.log(`wrote the Expressions section of ${path.relative(process.cwd(), out)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(`bench: ${e instanceof Error ? e.stack : e}`);
    process.exit(1);
  });
}
