import { loadPlugins } from "@/lib/plugins/registry";
import { runCli } from "./run";

// The real executor, task runner and expression hooks: `tenantflow worker|executor|scheduler`
// run them (a test entry that calls runCli directly may install other parts instead). The plugins
// the instance setting names are installed first, as in the server (a bad setting is reported by
// the command itself).
loadPlugins()
  .catch(() => undefined)
  .then(() => runCli(process.argv.slice(2)))
  .then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
