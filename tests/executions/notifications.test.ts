import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { tenantContext } from "@/lib/authz/context";
import { resetConfigCache } from "@/lib/config";
import { tenantDb } from "@/lib/db";
import { InternalStorage, executionFolder } from "@/lib/executions/internal-storage";
import { execution, run } from "@/lib/executions/test-support";
import { putSecret } from "@/lib/secrets/secrets";
import { makeTenant, uniq } from "../helpers";

// The notification tasks against a local HTTP receiver and a local SMTP server (127.0.0.1,
// reachable only with TENANTFLOW_HTTP_ALLOW_PRIVATE on): what the service receives, the failures,
// the webhook URL kept out of logs and errors, and the refusal of the instance's network.

const N = "io.kestra.plugin.notifications";
const NS = "company.team";
const TOKEN = "T0001/B0002/tok-very-secret-77";

type Seen = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };
let seen: Seen[] = [];
let server: http.Server;
let base = "";

type Mail = { from: string; to: string[]; raw: string; user?: string; password?: string };
let mails: Mail[] = [];
let smtp: SMTPServer;
let smtpPort = 0;

let tenant = "";

beforeAll(async () => {
  tenant = (await makeTenant()).id;
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (req.url!.startsWith("/services/")) return void res.writeHead(200).end("ok");
      if (req.url!.startsWith("/missing/")) return void res.writeHead(404).end("no_service");
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const auths = new Map<string, { user: string; password: string }>();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, session, cb) {
      if (auth.username !== "mailer" || auth.password !== "smtp-pass-very-secret") return cb(new Error("Invalid username or password"));
      auths.set(session.id, { user: auth.username!, password: auth.password! });
      cb(null, { user: auth.username });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const auth = auths.get(session.id);
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: auth?.user,
          password: auth?.password,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;

  const ctx = await tenantContext(cliActor(), tenant);
  await putSecret(ctx, NS, "SLACK_WEBHOOK", { value: `${base}/services/${TOKEN}` });
  await putSecret(ctx, NS, "EMAIL_PASSWORD", { value: "smtp-pass-very-secret" });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

function allowPrivate(on: boolean) {
  process.env.TENANTFLOW_HTTP_ALLOW_PRIVATE = on ? "true" : "false";
  resetConfigCache();
}

afterEach(() => {
  delete process.env.TENANTFLOW_HTTP_ALLOW_PRIVATE;
  delete process.env.TENANTFLOW_ALLOWED_HOSTS;
  resetConfigCache();
  seen = [];
  mails = [];
});

const everything = (r: Awaited<ReturnType<typeof run>>) => JSON.stringify(r);

describe("chat incoming webhooks", () => {
  it("SlackIncomingWebhook posts the rendered payload as JSON to the secret URL, which no log or output shows", async () => {
    allowPrivate(true);
    const r = await run(
      {
        id: "alert",
        type: `${N}.slack.SlackIncomingWebhook`,
        url: "{{ secret('SLACK_WEBHOOK') }}",
        payload: '{\n  "text": "Failure alert for flow {{ flow.namespace }}.{{ flow.id }} with ID {{ execution.id }}"\n}',
      },
      { tenantId: tenant, variables: { flow: { id: "hello", namespace: NS }, execution: { id: "exec1" }, inputs: {}, outputs: {} } },
    );
    expect(r.result).toMatchObject({ state: "SUCCESS" });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", path: `/services/${TOKEN}` });
    expect(seen[0].headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(seen[0].body)).toEqual({ text: "Failure alert for flow company.team.hello with ID exec1" });
    expect(everything(r)).not.toContain("tok-very-secret-77");
  });

  it("SlackIncomingWebhook sends messageText as {text} when there is no payload", async () => {
    allowPrivate(true);
    const r = await run({ id: "s", type: `${N}.slack.SlackIncomingWebhook`, url: `${base}/services/x`, messageText: "Hello *{{ flow.id }}*" }, { tenantId: tenant });
    expect(r.result.state).toBe("SUCCESS");
    expect(JSON.parse(seen[0].body)).toEqual({ text: "Hello *hello*" });
  });

  it.each([
    ["teams.TeamsIncomingWebhook", { "@type": "MessageCard", "@context": "http://schema.org/extensions", text: "from hello" }],
    ["discord.DiscordIncomingWebhook", { username: "MyUsername", content: "from hello" }],
    ["google.GoogleChatIncomingWebhook", { text: "from hello" }],
    ["zulip.ZulipIncomingWebhook", { text: "from hello" }],
  ])("%s posts its payload as written, with the headers of options", async (type, expected) => {
    allowPrivate(true);
    const payload = JSON.stringify(expected).replace("from hello", "from {{ flow.id }}");
    const r = await run({ id: "w", type: `${N}.${type}`, url: `${base}/services/abc`, payload, options: { headers: { "X-Trace": "t1" } } }, { tenantId: tenant });
    expect(r.result.state).toBe("SUCCESS");
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0].body)).toEqual(expected);
    expect(seen[0].headers["x-trace"]).toBe("t1");
  });

  it("fails on an answer outside 2xx, giving the status and body but not the URL's path (the credential)", async () => {
    allowPrivate(true);
    const r = await run({ id: "s", type: `${N}.slack.SlackIncomingWebhook`, url: `${base}/missing/plain-token-123`, payload: '{"text":"x"}' }, { tenantId: tenant });
    expect(r.result.state).toBe("FAILED");
    expect(r.result.error).toBe(`The Slack webhook at ${new URL(base).host} answered 404: no_service`);
    expect(everything(r)).not.toContain("plain-token-123");
  });

  it("a connection failure does not show the URL's path either", async () => {
    allowPrivate(true);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const r = await run({ id: "s", type: `${N}.discord.DiscordIncomingWebhook`, url: `http://127.0.0.1:${port}/api/webhooks/1/plain-token-456`, payload: "{}" }, { tenantId: tenant });
    expect(r.result.state).toBe("FAILED");
    expect(r.result.error).toMatch(/^Sending the Discord message failed: .*ECONNREFUSED/);
    expect(everything(r)).not.toContain("plain-token-456");
  });

  it("refuses a loopback address unless the instance allows private addresses, and sends nothing", async () => {
    allowPrivate(false);
    const r = await run({ id: "s", type: `${N}.slack.SlackIncomingWebhook`, url: "{{ secret('SLACK_WEBHOOK') }}", payload: '{"text":"x"}' }, { tenantId: tenant });
    expect(r.result.state).toBe("FAILED");
    expect(r.result.error).toContain("Refused to connect to 127.0.0.1");
    expect(r.result.error).toContain("TENANTFLOW_HTTP_ALLOW_PRIVATE");
    expect(seen).toEqual([]);
  });

  it("a missing payload is a clear error", async () => {
    allowPrivate(true);
    const r = await run({ id: "t", type: `${N}.teams.TeamsIncomingWebhook`, url: `${base}/services/abc` }, { tenantId: tenant });
    expect(r.result).toEqual({ state: "FAILED", error: 'missing required property "payload" (the message, as JSON)' });
    expect(seen).toEqual([]);
  });
});

describe("mail.MailSend", () => {
  it("sends through SMTP with authentication, cc, both bodies and an attachment from the execution's files", async () => {
    allowPrivate(true);
    const exec = execution({ id: uniq("mail").replace(/-/g, ""), tenantId: tenant, namespace: NS, flowId: "hello" });
    const storage = new InternalStorage(tenantDb(tenant), NS);
    const uri = await storage.put(`${executionFolder(NS, "hello", exec.id)}/export.csv`, "id,amount\n1,10\n");
    const r = await run(
      {
        id: "send_email",
        type: `${N}.mail.MailSend`,
        host: "127.0.0.1",
        port: smtpPort,
        transportStrategy: "SMTP",
        username: "mailer",
        password: "{{ secret('EMAIL_PASSWORD') }}",
        from: "hello@example.com",
        to: "ops@example.com; Team Lead <lead@example.com>",
        cc: "audit@example.com",
        subject: "Report of {{ flow.id }}",
        htmlTextContent: "<p>The report of <b>{{ flow.id }}</b> is attached.</p>",
        plainTextContent: "The report of {{ flow.id }} is attached.",
        attachments: [{ name: "report.csv", uri, contentType: "text/csv" }],
      },
      { tenantId: tenant, execution: exec, variables: { flow: { id: "hello", namespace: NS }, execution: { id: exec.id }, inputs: {}, outputs: {} } },
    );
    expect(r.result, r.result.error ?? undefined).toMatchObject({ state: "SUCCESS" });
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail.from).toBe("hello@example.com");
    expect(mail.to).toEqual(["ops@example.com", "lead@example.com", "audit@example.com"]);
    expect(mail.user).toBe("mailer");
    expect(mail.raw).toMatch(/^Subject: Report of hello$/m);
    expect(mail.raw).toMatch(/^Cc: audit@example.com$/m);
    expect(mail.raw).toContain("The report of hello is attached.");
    expect(mail.raw).toContain("<p>The report of <b>hello</b> is attached.</p>");
    expect(mail.raw).toMatch(/Content-Type: text\/csv; name=report\.csv/);
    expect(mail.raw).toMatch(/Content-Disposition: attachment; filename=report\.csv/);
    expect(mail.raw).toContain(Buffer.from("id,amount\n1,10\n").toString("base64"));
    expect(everything(r)).not.toContain("smtp-pass-very-secret");
  });

  it("sends the orchestrator's plain-text line when only HTML is given, and accepts attachments as JSON text", async () => {
    allowPrivate(true);
    const exec = execution({ id: uniq("mail").replace(/-/g, ""), tenantId: tenant, namespace: NS, flowId: "hello" });
    const uri = await new InternalStorage(tenantDb(tenant), NS).put(`${executionFolder(NS, "hello", exec.id)}/a.txt`, "attached text");
    const r = await run(
      {
        id: "m",
        type: `${N}.mail.MailSend`,
        host: "127.0.0.1",
        port: smtpPort,
        transportStrategy: "SMTP",
        from: "hello@example.com",
        to: "ops@example.com",
        htmlTextContent: "<p>hi</p>",
        attachments: JSON.stringify([{ name: "a.txt", uri }]),
      },
      { tenantId: tenant, execution: exec },
    );
    expect(r.result, r.result.error ?? undefined).toMatchObject({ state: "SUCCESS" });
    expect(mails[0].user).toBeUndefined();
    expect(mails[0].raw).toContain("Please view this email in a modern email client");
    expect(mails[0].raw).toMatch(/Content-Type: application\/octet-stream; name=a\.txt/);
  });

  it("refuses an attachment that is not a file of this execution", async () => {
    allowPrivate(true);
    const exec = execution({ id: uniq("mail").replace(/-/g, ""), tenantId: tenant, namespace: NS, flowId: "hello" });
    const other = await new InternalStorage(tenantDb(tenant), NS).put(`${executionFolder(NS, "hello", "someoneelse")}/x.txt`, "x");
    const r = await run(
      { id: "m", type: `${N}.mail.MailSend`, host: "127.0.0.1", port: smtpPort, transportStrategy: "SMTP", from: "a@example.com", to: "b@example.com", attachments: [{ name: "x.txt", uri: other }] },
      { tenantId: tenant, execution: exec },
    );
    expect(r.result).toEqual({ state: "FAILED", error: `${other} is not a file of this execution` });
    expect(mails).toEqual([]);
  });

  it("fails with the server's refusal of bad credentials, without showing the password", async () => {
    allowPrivate(true);
    const r = await run(
      { id: "m", type: `${N}.mail.MailSend`, host: "127.0.0.1", port: smtpPort, transportStrategy: "SMTP", username: "mailer", password: "wrong-pass-99", from: "a@example.com", to: "b@example.com" },
      { tenantId: tenant },
    );
    expect(r.result.state).toBe("FAILED");
    expect(r.result.error).toMatch(/^Sending the email through 127\.0\.0\.1:\d+ \(SMTP\) failed: .*Invalid/);
    expect(everything(r)).not.toContain("wrong-pass-99");
    expect(mails).toEqual([]);
  });

  it("SMTP_TLS refuses a server that does not offer STARTTLS", async () => {
    allowPrivate(true);
    const r = await run(
      { id: "m", type: `${N}.mail.MailSend`, host: "127.0.0.1", port: smtpPort, transportStrategy: "SMTP_TLS", from: "a@example.com", to: "b@example.com" },
      { tenantId: tenant },
    );
    expect(r.result.state).toBe("FAILED");
    expect(r.result.error).toContain("(SMTP_TLS) failed");
    expect(mails).toEqual([]);
  });

  it("refuses a loopback SMTP host unless the instance allows private addresses", async () => {
    allowPrivate(false);
    const r = await run(
      { id: "m", type: `${N}.mail.MailSend`, host: "localhost", port: smtpPort, transportStrategy: "SMTP", from: "a@example.com", to: "b@example.com" },
      { tenantId: tenant },
    );
    expect(r.result.state).toBe("FAILED");
    expect(r.result.error).toMatch(/^Refused to connect to localhost \((127\.0\.0\.1|::1)\)/);
    expect(mails).toEqual([]);
  });
});

describe("the instance's allowed hosts", () => {
  it("hold for webhooks and SMTP servers alike", async () => {
    process.env.TENANTFLOW_ALLOWED_HOSTS = "hooks.example.com,smtp.example.com";
    allowPrivate(true);
    const hook = await run({ id: "s", type: `${N}.slack.SlackIncomingWebhook`, url: `${base}/services/x`, payload: "{}" }, { tenantId: tenant });
    expect(hook.result.state).toBe("FAILED");
    expect(hook.result.error).toContain("Refused to connect to 127.0.0.1: not among the instance's allowed hosts (the setting TENANTFLOW_ALLOWED_HOSTS)");
    const mail = await run(
      { id: "m", type: `${N}.mail.MailSend`, host: "127.0.0.1", port: smtpPort, transportStrategy: "SMTP", from: "a@example.com", to: "b@example.com" },
      { tenantId: tenant },
    );
    expect(mail.result).toEqual({ state: "FAILED", error: "Refused to connect to 127.0.0.1: not among the instance's allowed hosts (the setting TENANTFLOW_ALLOWED_HOSTS)" });
    expect(seen).toEqual([]);
    expect(mails).toEqual([]);
  });
});
