#!/usr/bin/env node
// Runs one of the project's TypeScript scripts with the same settings as the server and the CLI.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { prepareEnv, root } from "../scripts/instance-env.mjs";

const require = createRequire(import.meta.url);
const tsx = path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "cli.mjs");
const [script, ...rest] = process.argv.slice(2);
const r = spawnSync(process.execPath, [tsx, "--conditions=react-server", path.resolve(root, script), ...rest], {
  cwd: root,
  env: prepareEnv({ ...process.env }),
  stdio: "inherit",
});
process.exit(r.status ?? 1);
