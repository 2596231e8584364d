import { runCli } from "@/cli/run";

/** Runs a CLI command in-process against the suite's database, capturing its output. */
export async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { keepDb: true });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
