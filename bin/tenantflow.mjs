#!/usr/bin/env node
// The `tenantflow` command: runs cli/main.ts with the project's TypeScript loader, from the
// project's directory so that it opens the same embedded database as the server.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { prepareEnv, root } from "../scripts/instance-env.mjs";

const require = createRequire(import.meta.url);
const tsx = path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "cli.mjs");
const env = prepareEnv({ ...process.env, TENANTFLOW_INVOKED_FROM: process.cwd() });
const r = spawnSync(process.execPath, [tsx, "--conditions=react-server", path.join(root, "cli", "main.ts"), ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: "inherit",
});
process.exit(r.status ?? 1);
