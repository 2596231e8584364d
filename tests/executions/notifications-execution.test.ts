import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { resetConfigCache } from "@/lib/config";
import { getExecution, startExecution, waitForEnd } from "@/lib/executions/executions";
import { closeFollowers } from "@/lib/executions/follow";
import { installEngine } from "@/lib/executions/install-engine";
import { listLogs } from "@/lib/executions/logs";
import { type Role, resetEngine, runExecutor, runWorker } from "@/lib/executions/processes";
import { createFlow } from "@/lib/flows/flows";
import { putSecret } from "@/lib/secrets/secrets";
import { makeTenant } from "../helpers";
import { emptyQueue } from "./support/data";

// The `*Execution` notification tasks through the real engine: the summary of another execution
// of the same tenant (or of the current one), as each service receives it, with the link to the
// execution's page; another tenant's execution id is not found and nothing is sent.

const N = "io.kestra.plugin.notifications";
const NS = "company.team";
const PUBLIC_URL = "https://flows.example.com/";

type Seen = { path: string; body: Record<string, unknown> };
let seen: Seen[] = [];
let server: http.Server;
let base = "";
let mails: string[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
let roles: Role[] = [];
let ctx: TenantContext;
let other: TenantContext;
let tenant = "";
const saved = { nextAuthUrl: process.env.NEXTAUTH_URL, allowPrivate: process.env.TENANTFLOW_HTTP_ALLOW_PRIVATE };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ path: req.url!, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push(decodeQuotedPrintable(Buffer.concat(chunks).toString("latin1")));
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;

  process.env.NEXTAUTH_URL = PUBLIC_URL;
  process.env.TENANTFLOW_HTTP_ALLOW_PRIVATE = "true";
  resetConfigCache();
  await emptyQueue();
  installEngine();
  roles = [runExecutor({ pollMs: 100 }), runWorker({ pollMs: 100, concurrency: 2, leaseMs: 30_000, heartbeatMs: 300 })];
  tenant = (await makeTenant()).id;
  ctx = await tenantContext(cliActor(), tenant);
  other = await tenantContext(cliActor(), (await makeTenant()).id);
  for (const name of ["slack", "teams", "discord", "google", "zulip"]) await putSecret(ctx, NS, `${name.toUpperCase()}_WEBHOOK`, { value: `${base}/${name}/hook-token-secret-31` });
}, 60_000);

afterAll(async () => {
  await Promise.all(roles.map((r) => r.stop()));
  await closeFollowers();
  resetEngine();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  for (const [key, value] of [["NEXTAUTH_URL", saved.nextAuthUrl], ["TENANTFLOW_HTTP_ALLOW_PRIVATE", saved.allowPrivate]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetConfigCache();
});

beforeEach(() => {
  seen = [];
  mails = [];
});

/** The message with its quoted-printable parts decoded (soft line breaks joined, =XX bytes as UTF-8). */
function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, "");
  return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8");
}

async function run(c: TenantContext, id: string, body: string, inputs: Record<string, unknown> = {}) {
  await createFlow(c, `id: ${id}\nnamespace: ${NS}\n${body}`);
  const started = await startExecution(c, { namespace: NS, flowId: id, inputs });
  return waitForEnd(c, started.id, 60_000);
}

const taskRun = async (c: TenantContext, executionId: string, taskId: string) =>
  (await getExecution(c, executionId)).taskRunList.find((t: { taskId: string }) => t.taskId === taskId)!;
const logsOf = async (executionId: string) => (await listLogs(ctx, executionId, { size: 1000 })).results.map((l: { message: string }) => l.message).join("\n");

const ALERT_FLOW = `inputs:
  - id: target
    type: STRING
tasks:
  - id: slack
    type: ${N}.slack.SlackExecution
    url: "{{ secret('SLACK_WEBHOOK') }}"
    executionId: "{{ inputs.target }}"
    channel: "#alerts"
    username: Tenantflow
    iconEmoji: ":rotating_light:"
    customMessage: "Look at {{ flow.id }}"
    customFields:
      env: prod
  - id: teams
    type: ${N}.teams.TeamsExecution
    url: "{{ secret('TEAMS_WEBHOOK') }}"
    executionId: "{{ inputs.target }}"
    activityTitle: Failure
  - id: discord
    type: ${N}.discord.DiscordExecution
    url: "{{ secret('DISCORD_WEBHOOK') }}"
    executionId: "{{ inputs.target }}"
    username: Tenantflow
    content: "An execution ended"
    embedList:
      - title: Runbook
        websiteUrl: https://runbooks.example.com/
        color: [255, 0, 0]
  - id: google
    type: ${N}.google.GoogleChatExecution
    url: "{{ secret('GOOGLE_WEBHOOK') }}"
    executionId: "{{ inputs.target }}"
  - id: zulip
    type: ${N}.zulip.ZulipExecution
    url: "{{ secret('ZULIP_WEBHOOK') }}"
    executionId: "{{ inputs.target }}"
    channel: alerts
  - id: mail
    type: ${N}.mail.MailExecution
    host: 127.0.0.1
    port: ${0}
    transportStrategy: SMTP
    from: flows@example.com
    to: ops@example.com
    subject: "Execution {{ inputs.target }}"
    executionId: "{{ inputs.target }}"`;

const alertFlow = () => ALERT_FLOW.replace("port: 0", `port: ${smtpPort}`);

describe("*Execution notifications", () => {
  it("summarize another execution of the same tenant for each service, with the link to its page", async () => {
    const target = await run(
      ctx,
      "unreliable",
      `tasks:\n  - id: ok\n    type: io.kestra.plugin.core.debug.Return\n    format: fine\n  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n    errorMessage: nope`,
    );
    expect(target.state.current).toBe("FAILED");
    const done = await run(ctx, "alert", alertFlow(), { target: target.id });
    expect(done.state.current, JSON.stringify(await getExecution(ctx, done.id))).toBe("SUCCESS");
    const link = `https://flows.example.com/ui/${encodeURIComponent(tenant)}/executions/${NS}/unreliable/${target.id}`;
    const byService = Object.fromEntries(seen.map((s) => [s.path.split("/")[1], s.body]));
    expect(seen.map((s) => s.path).sort()).toEqual(["/discord/hook-token-secret-31", "/google/hook-token-secret-31", "/slack/hook-token-secret-31", "/teams/hook-token-secret-31", "/zulip/hook-token-secret-31"]);

    const slack = byService.slack as { text: string; blocks: unknown[]; attachments: { color: string; fields: { title: string; value: string }[] }[] };
    expect(slack).toMatchObject({ channel: "#alerts", username: "Tenantflow", icon_emoji: ":rotating_light:" });
    expect(slack.text).toMatch(new RegExp(`^\\*<${link.replace(/[.?]/g, "\\$&")}\\|\\[company\\.team\\] unreliable ➛ FAILED>\\*\\n> Failed on task \`boom\` after \\d`));
    expect(slack.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: "Look at alert" } });
    expect(slack.blocks[1]).toMatchObject({ accessory: { url: link } });
    expect(slack.attachments[0].color).toBe("danger");
    expect(slack.attachments[0].fields.map((f) => [f.title, f.value])).toEqual([
      ["Namespace", NS],
      ["Flow", "unreliable"],
      ["Execution", target.id],
      ["Status", "FAILED"],
      ["Final task ID", "boom"],
      ["env", "prod"],
    ]);

    expect(byService.teams).toMatchObject({
      "@type": "MessageCard",
      themeColor: "0076D7",
      sections: [{ activityTitle: "Failure", facts: expect.arrayContaining([{ name: "Execution", value: target.id }, { name: "Status", value: "FAILED" }]) }],
      potentialAction: [{ targets: [{ uri: link }] }],
    });
    const discord = byService.discord as { username: string; content: string; embeds: Record<string, unknown>[] };
    expect(discord).toMatchObject({ username: "Tenantflow", content: "An execution ended", tts: false });
    expect(discord.embeds[0]).toEqual({ title: "Runbook", url: "https://runbooks.example.com/", color: 0xff0000 });
    expect(discord.embeds[1]).toMatchObject({ title: "[company.team] unreliable ➛ FAILED", url: link });
    expect(String(discord.embeds[1].description)).toContain(`Execution: ${target.id}`);
    expect(byService.zulip).toMatchObject({ channel: "alerts", text: slack.text, attachments: slack.attachments.map((a) => ({ ...a, fields: a.fields.slice(0, 5) })) });
    expect(String((byService.google as { text: string }).text)).toContain(`<${link}|[company.team] unreliable ➛ FAILED>`);

    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(new RegExp(`^Subject: Execution ${target.id}$`, "m"));
    expect(mails[0]).toContain("Failed on task boom after");
    expect(mails[0]).toContain(`Details: ${link}`);
    expect(mails[0]).toMatch(/Content-Type: text\/html/);

    expect(await logsOf(done.id)).not.toContain("hook-token-secret-31");
  });

  it("refuses another tenant's execution id as not found, and sends nothing", async () => {
    const theirs = await run(other, "theirs", `tasks:\n  - id: r\n    type: io.kestra.plugin.core.debug.Return\n    format: mine`);
    expect(theirs.state.current).toBe("SUCCESS");
    const done = await run(ctx, "alert_other_tenant", alertFlow(), { target: theirs.id });
    expect(done.state.current).toBe("FAILED");
    const slack = await taskRun(ctx, done.id, "slack");
    expect(slack.state.current).toBe("FAILED");
    expect(await logsOf(done.id)).toContain(`Unable to find execution '${theirs.id}'`);
    expect(seen).toEqual([]);
    expect(mails).toEqual([]);
  });

  it("without executionId, MailExecution summarizes the current execution", async () => {
    const done = await run(
      ctx,
      "self_report",
      `tasks:\n  - id: first\n    type: io.kestra.plugin.core.debug.Return\n    format: x\n  - id: mail\n    type: ${N}.mail.MailExecution\n    host: 127.0.0.1\n    port: ${smtpPort}\n    transportStrategy: SMTP\n    from: flows@example.com\n    to: ops@example.com\n    subject: report\n    customMessage: "All good"`,
    );
    expect(done.state.current).toBe("SUCCESS");
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain("[company.team] self_report ➛ RUNNING");
    expect(mails[0]).toContain(`Execution: ${done.id}`);
    expect(mails[0]).toContain("All good");
    expect(mails[0]).toContain("Final task ID: first");
    expect(await logsOf(done.id)).toContain("Loading execution data for the current execution.");
  });
});
