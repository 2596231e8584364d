// A `tenantflow` command line with the stand-in engine installed (the queue's process tests run
// worker processes through it until the real executor and task runner are part of the build).
import { runCli } from "@/cli/run";
import { setEngine } from "@/lib/executions/processes";
import { fakeRunTask, fakeStep } from "./fake-engine";

setEngine({ step: fakeStep, runTask: fakeRunTask });
runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
