import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// Measures how much of a directory of flows written for the orchestrator Tenantflow takes as is:
//   npx tsx scripts/flow-coverage.ts DIR [--out FILE] [--drop-extend]
// Every .yml/.yaml file under DIR is validated as a save validates it and classified (saves with no
// warning, saves with plugin-not-installed warnings, refused); prints a summary, and writes a
// markdown report (plugin groups by number of flows, top refusal reasons) to FILE when given.
// --drop-extend leaves out a top-level `extend:` block first: the orchestrator's blueprint files keep
// their catalogue metadata (title, description, tags) there, next to the flow, and it is no part of it.

// The task runners are server modules: like the CLI, run under the react-server condition (the
// script starts itself again with it when it was not given).
if (!process.execArgv.includes("--conditions=react-server")) {
  const run = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}
const { classifyFlow, markdownReport, summarise, summaryText } = await import("../lib/flows/coverage");

function usage(): never {
  console.error("usage: npx tsx scripts/flow-coverage.ts DIR [--out FILE] [--drop-extend]");
  process.exit(2);
}

const dropExtend = process.argv.includes("--drop-extend");
const args = process.argv.slice(2).filter((a) => a !== "--drop-extend");
const outAt = args.indexOf("--out");
const out = outAt >= 0 ? args[outAt + 1] : undefined;
if (outAt >= 0 && !out) usage();
const dirs = outAt >= 0 ? args.filter((_, i) => i !== outAt && i !== outAt + 1) : args;
if (dirs.length !== 1) usage();

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** The text without its top-level `extend:` block (up to the next top-level key). */
const withoutExtend = (text: string) => text.replace(/^extend:.*(?:\r?\n(?:[ \t#].*|))*(?=\r?\n\S|$)/m, "").replace(/^\r?\n/m, "");

const root = path.resolve(dirs[0]);
const results = yamlFiles(root).map((file) => ({ file: path.relative(root, file), result: classifyFlow(dropExtend ? withoutExtend(readFileSync(file, "utf8")) : readFileSync(file, "utf8")) }));
const summary = summarise(results);
console.log(summaryText(summary));
console.log("\nplugin groups by number of flows (installed?):");
for (const g of summary.groups) console.log(`  ${String(g.flows).padStart(4)}  ${g.installed ? "yes" : "no "}  ${g.key}  ${g.title}`);
console.log("\ntop refusal reasons:");
for (const r of summary.refusals.slice(0, 15)) console.log(`  ${String(r.flows).padStart(4)}  ${r.reason}\n        e.g. ${r.files[0]}: ${r.example}`);
if (summary.unknownTypes.length) {
  console.log("\ntypes named by the unknown-type refusals:");
  for (const u of summary.unknownTypes) console.log(`  ${String(u.flows).padStart(4)}  ${u.group}: ${u.types.join(", ")}`);
}
if (summary.withoutRunner.length) {
  console.log("\ntask types of saved flows with no runner:");
  for (const w of summary.withoutRunner) console.log(`  ${String(w.flows).padStart(4)}  ${w.type}`);
}
if (out) {
  writeFileSync(out, markdownReport(summary));
  console.log(`\nwrote ${out}`);
}
