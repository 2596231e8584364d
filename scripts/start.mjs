#!/usr/bin/env node
// Starts Tenantflow: prepares the embedded default's settings, applies the migrations, creates
// the default tenant and the first administrator on the first start, then serves the production
// build. PORT (3000) and HOST (0.0.0.0) choose where it listens.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { exitStatus, prepareEnv, root, serverNodeOptions, stopGraceMs } from "./instance-env.mjs";

const require = createRequire(import.meta.url);
const env = prepareEnv({ ...process.env });
const port = env.PORT || "3000";
const host = env.HOST || "0.0.0.0";
env.NEXTAUTH_URL ||= `http://localhost:${port}`;
env.NEXT_TELEMETRY_DISABLED = "1";

function run(args, label) {
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`tenantflow: ${label} failed`);
    process.exit(r.status ?? 1);
  }
}

run([path.join(root, "scripts", "db-migrate.mjs"), "deploy"], "database migration");
const tsx = path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "cli.mjs");
run([tsx, "--conditions=react-server", path.join(root, "cli", "main.ts"), "bootstrap"], "first-start setup");

const next = path.join(path.dirname(require.resolve("next/package.json")), "dist", "bin", "next");
let nodeOptions;
let grace;
try {
  grace = stopGraceMs(env);
  nodeOptions = serverNodeOptions(env);
} catch (e) {
  console.error(`tenantflow: ${e.message}`);
  process.exit(1);
}
// idle keep-alive connections stay open longer than clients and proxies keep theirs (60 s is the
// common idle timeout): a server closing first races the client's next request on that connection,
// which then fails with a reset (Node's default is 5 s)
const keepAlive = String(Number(env.TENANTFLOW_KEEPALIVE_TIMEOUT_MS) || 65_000);
const child = spawn(process.execPath, [next, "start", "-p", port, "-H", host, "--keepAliveTimeout", keepAlive], {
  cwd: root,
  env: { ...env, NODE_OPTIONS: nodeOptions },
  stdio: "inherit",
});
console.log(`Tenantflow: open ${env.NEXTAUTH_URL}/ui`);
// A stop waits for the requests in flight, but not for ever: a client that stops reading (or
// never finishes sending) holds its connection open, and the server would wait for it until its
// timeouts (a minute or more). After TENANTFLOW_STOP_GRACE_MS (10 s, as `docker stop` gives) the
// server is killed: the engine's leases hand its unfinished task attempts to another worker.
let requested = null;
let forced = false;
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    if (requested) return;
    requested = sig;
    child.kill(sig);
    setTimeout(() => {
      forced = true;
      console.error(`tenantflow: the server did not stop within ${grace} ms of ${sig} (a connection still open); killing it`);
      child.kill("SIGKILL");
    }, grace).unref();
  });
}
// a server that dies on its own ends this process with a non-zero status (see exitStatus)
child.on("exit", (code, signal) => {
  const status = exitStatus({ code, signal, requested, forced });
  if (status !== 0) console.error(`tenantflow: the server stopped (${signal ? `signal ${signal}` : `exit code ${code}`}); exiting with ${status}`);
  process.exit(status);
});
