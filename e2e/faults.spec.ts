import { execFileSync } from "node:child_process";
import pg from "pg";
import { E2E_ADMIN, E2E_DATABASE_URL, PORT } from "./support/env";
import { clusterPort, postgresBinaries, startPrivatePostgres } from "./support/private-postgres";
import { startServer } from "./support/second-server";
import { expect, test } from "./fixtures";

// PostgreSQL restarts under load: runs in the PostgreSQL pass of the suite, on a private cluster
// (the suite's own database server is never stopped).
const bin = postgresBinaries();

type Outcome = { phase: "before" | "outage" | "after"; kind: "write" | "read"; status: number; body: string; flowId?: string };

const flow = (id: string) => `id: ${id}\nnamespace: faults\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test.describe("faults", () => {
  test.skip(!/^postgres(ql)?:\/\//.test(E2E_DATABASE_URL), "PostgreSQL pass only");
  test.skip(!bin, "PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql or set PG_BIN_DIR");

  test("a PostgreSQL restart under load: 503 with a message meanwhile, recovery without a restart, no acknowledged write lost", async () => {
    test.setTimeout(240_000);
    const cluster = startPrivatePostgres(bin!, process.env.E2E_FAULT_PG_PORT ? Number(process.env.E2E_FAULT_PG_PORT) : await clusterPort());
    let server: Awaited<ReturnType<typeof startServer>> | undefined;
    try {
      server = await startServer(PORT + 3, {
        DATABASE_URL: cluster.url,
        ADMIN_USERNAME: E2E_ADMIN.username,
        ADMIN_PASSWORD: E2E_ADMIN.password,
      });
      const out = execFileSync(process.execPath, ["bin/tenantflow.mjs", "tokens", "create", E2E_ADMIN.username, "--name", "faults"], {
        env: { ...process.env, DATABASE_URL: cluster.url },
      }).toString();
      const token = out.trim().split("\n").pop()!;
      const auth = { authorization: `Bearer ${token}` };
      const base = `${server.url}/api/v1/main`;

      let phase: Outcome["phase"] = "before";
      let running = true;
      let n = 0;
      const outcomes: Outcome[] = [];
      const call = async (kind: Outcome["kind"], flowId?: string) => {
        const at = phase;
        const res =
          kind === "write"
            ? await fetch(`${base}/flows`, {
                method: "POST",
                headers: { ...auth, "content-type": "application/x-yaml" },
                body: flow(flowId!),
                signal: AbortSignal.timeout(60_000),
              })
            : await fetch(`${base}/flows/search?namespace=faults&size=5`, { headers: auth, signal: AbortSignal.timeout(60_000) });
        outcomes.push({ phase: at, kind, status: res.status, body: await res.text(), flowId });
      };
      // four clients: three writing new flows, one reading, each one request after the other
      const client = async (kind: Outcome["kind"]) => {
        while (running) {
          await call(kind, kind === "write" ? `f${++n}` : undefined);
          if (phase === "outage") await sleep(50);
        }
      };
      const clients = [client("write"), client("write"), client("write"), client("read")];

      // steady traffic first: writes and reads succeeding (a cold server answers slowly at first)
      const warm = Date.now() + 60_000;
      const ok = (kind: Outcome["kind"]) => outcomes.filter((o) => o.kind === kind && o.status < 300).length;
      while ((ok("write") < 20 || ok("read") < 5) && Date.now() < warm) await sleep(100);
      phase = "outage";
      cluster.stop();
      // the database stays down until the clients have met the outage a few times (not a fixed time)
      const count = (phase: Outcome["phase"], failed: boolean) => outcomes.filter((o) => o.phase === phase && (o.status >= 300) === failed).length;
      const down = Date.now() + 60_000;
      while (count("outage", true) < 8 && Date.now() < down) await sleep(50);
      cluster.start();
      // recovery by itself: keep the traffic flowing until writes succeed again
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const recent = outcomes.slice(-8);
        if (recent.length === 8 && recent.every((o) => o.status < 300)) break;
        await sleep(250);
      }
      phase = "after";
      // a last stretch of requests, started after the recovery, whose answers the test checks below
      const stretch = Date.now() + 60_000;
      while (count("after", false) + count("after", true) < 12 && Date.now() < stretch) await sleep(50);
      running = false;
      await Promise.all(clients);

      const during = outcomes.filter((o) => o.phase === "outage" && o.status >= 300);
      const after = outcomes.filter((o) => o.phase === "after");
      // the outage was seen, and every failure was a clean 503 with a message
      expect(during.length).toBeGreaterThan(0);
      for (const o of outcomes.filter((x) => x.status >= 300)) {
        expect(o.status, o.body).toBe(503);
        expect(JSON.parse(o.body).error).toMatchObject({ code: "UNAVAILABLE", message: expect.stringContaining("database") });
      }
      expect(outcomes.filter((o) => o.phase === "before" && o.kind === "write" && o.status === 201).length).toBeGreaterThan(0);
      // recovered without a restart: the last stretch succeeded throughout
      expect(after.length).toBeGreaterThan(0);
      expect(after.filter((o) => o.status !== 201 && o.status !== 200)).toEqual([]);

      // every acknowledged write is in the database
      const acknowledged = outcomes.filter((o) => o.kind === "write" && o.status === 201).map((o) => o.flowId!);
      const db = new pg.Client({ connectionString: cluster.url });
      await db.connect();
      const stored = new Set(
        (await db.query(`SELECT "flowId" FROM "Flow" WHERE "tenantId" = 'main' AND namespace = 'faults'`)).rows.map((r) => r.flowId),
      );
      await db.end();
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      test.info().annotations.push({
        type: "faults",
        description: `${outcomes.length} requests, ${acknowledged.length} writes acknowledged, ${during.length} answered 503 during the outage`,
      });
    } finally {
      if (server) await test.info().attach("server-stderr", { body: server.stderr(), contentType: "text/plain" });
      await server?.stop();
      cluster.destroy();
    }
  });
});
