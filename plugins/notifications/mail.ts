import net from "node:net";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { readExecutionFile } from "../../lib/executions/tasks/storage-common";
import { requiredText, text } from "../../lib/executions/tasks/props";
import { TaskFailure, type RunnerContext, type TaskRunner } from "../../lib/executions/tasks/types";
import { resolveAllowed } from "../../lib/plugins/network";
import { TRANSPORT_STRATEGIES } from "./catalogue";
import { executionSummary } from "./execution-summary";
import { mailHtml, mailText } from "./templates";

// mail.MailSend and mail.MailExecution: an e-mail through the task's SMTP server (nodemailer).
// The server's name is checked and resolved by the network policy, and the connection is made to
// the address it answers (the name is kept for TLS: SNI and the certificate check).

type Strategy = (typeof TRANSPORT_STRATEGIES)[number];
const DEFAULT_PORTS: Record<Strategy, number> = { SMTP: 25, SMTPS: 465, SMTP_TLS: 587, SMTP_OAUTH2: 587 };
/** the plain-text part the orchestrator sends when the task gives none */
export const DEFAULT_PLAIN_TEXT = "Please view this email in a modern email client";

function integer(ctx: RunnerContext, key: string): number | undefined {
  const v = ctx.props[key];
  if (v === undefined || v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new TaskFailure(`property "${key}" must be a positive integer, not "${String(v)}"`);
  return n;
}

function strategy(ctx: RunnerContext): Strategy {
  const v = text(ctx.props, "transportStrategy");
  if (v === undefined || v.trim() === "") return "SMTPS";
  const s = v.trim().toUpperCase();
  if (!(TRANSPORT_STRATEGIES as readonly string[]).includes(s)) throw new TaskFailure(`property "transportStrategy" must be one of ${TRANSPORT_STRATEGIES.join(", ")}, not "${v}"`);
  return s as Strategy;
}

/** Addresses separated by semicolons (the orchestrator's delimiter), each as RFC 2822 allows. */
const addresses = (value: string) =>
  value
    .split(";")
    .map((a) => a.trim())
    .filter(Boolean);

type FileRef = { name: string; uri: string; contentType: string };

/** `attachments` / `embeddedImages`: a list, or JSON text of one (also JSON text of JSON text, as `toJson` of a JSON input gives). */
function fileRefs(ctx: RunnerContext, key: string): FileRef[] {
  let value = ctx.props[key];
  for (let i = 0; i < 2 && typeof value === "string"; i++) {
    if (value.trim() === "") return [];
    try {
      value = JSON.parse(value);
    } catch {
      throw new TaskFailure(`property "${key}" must be a list of {name, uri, contentType}, or JSON text of one`);
    }
  }
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TaskFailure(`property "${key}" must be a list of {name, uri, contentType}`);
  return value.map((item, i) => {
    if (!item || typeof item !== "object" || Array.isArray(item)) throw new TaskFailure(`${key}[${i}] must be a mapping with name and uri`);
    const m = item as Record<string, unknown>;
    if (typeof m.uri !== "string" || m.uri.trim() === "") throw new TaskFailure(`${key}[${i}]: missing required property "uri"`);
    if (typeof m.name !== "string" || m.name.trim() === "") throw new TaskFailure(`${key}[${i}]: missing required property "name"`);
    return { name: m.name, uri: m.uri, contentType: typeof m.contentType === "string" && m.contentType.trim() ? m.contentType : "application/octet-stream" };
  });
}

type Content = { html?: string; text: string };

async function sendMail(ctx: RunnerContext, content: Content): Promise<void> {
  const host = requiredText(ctx.props, "host").trim();
  const from = requiredText(ctx.props, "from");
  const to = addresses(requiredText(ctx.props, "to"));
  if (to.length === 0) throw new TaskFailure('property "to" names no address');
  const cc = addresses(text(ctx.props, "cc") ?? "");
  const mode = strategy(ctx);
  const port = integer(ctx, "port") ?? DEFAULT_PORTS[mode];
  const timeout = integer(ctx, "sessionTimeout") ?? 10_000;
  const username = text(ctx.props, "username");
  const password = text(ctx.props, "password");

  const attachments = await Promise.all(
    fileRefs(ctx, "attachments").map(async (a) => ({ filename: a.name, contentType: a.contentType, content: Buffer.from(await readExecutionFile(ctx, a.uri)) })),
  );
  const images = await Promise.all(
    fileRefs(ctx, "embeddedImages").map(async (a) => ({ filename: a.name, cid: a.name, contentType: a.contentType, content: Buffer.from(await readExecutionFile(ctx, a.uri)) })),
  );

  const [address] = await resolveAllowed(host);
  const bare = host.replace(/^\[|\]$/g, "");
  const options: SMTPTransport.Options = {
    host: address.address,
    port,
    secure: mode === "SMTPS",
    requireTLS: mode === "SMTP_TLS" || mode === "SMTP_OAUTH2",
    // the certificate is checked against the name the task gave, not the address connected to
    tls: net.isIP(bare) ? {} : { servername: bare },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  };
  if (mode === "SMTP_OAUTH2") {
    if (!username || !password) throw new TaskFailure('transportStrategy SMTP_OAUTH2 needs "username" and "password" (the OAuth2 access token)');
    options.auth = { type: "OAuth2", user: username, accessToken: password };
  } else if (username) {
    options.auth = { user: username, pass: password ?? "" };
  }

  ctx.log("DEBUG", `Sending an email to ${to.join("; ")}`);
  const transport = nodemailer.createTransport(options);
  const onAbort = () => transport.close();
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  try {
    await transport.sendMail({
      from,
      to,
      ...(cc.length ? { cc } : {}),
      subject: text(ctx.props, "subject") ?? "",
      ...(content.html !== undefined ? { html: content.html } : {}),
      text: content.text,
      headers: { "Return-Receipt-To": from },
      attachments: [...attachments, ...images],
    });
  } catch (e) {
    if (ctx.signal.aborted) throw new TaskFailure("Sending the email was aborted");
    throw new TaskFailure(`Sending the email through ${host}:${port} (${mode}) failed: ${(e as Error).message}`);
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
    transport.close();
  }
}

export const mailSendTask: TaskRunner = async (ctx) => {
  await sendMail(ctx, { html: text(ctx.props, "htmlTextContent"), text: text(ctx.props, "plainTextContent") ?? DEFAULT_PLAIN_TEXT });
  return {};
};

export const mailExecutionTask: TaskRunner = async (ctx) => {
  const summary = await executionSummary(ctx);
  await sendMail(ctx, { html: mailHtml(summary), text: mailText(summary) });
  return {};
};
