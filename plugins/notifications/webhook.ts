import { config } from "../../lib/config";
import { httpCall } from "../../lib/executions/tasks/http-client";
import { httpOptions } from "../../lib/executions/tasks/http-common";
import { TaskFailure, type RunnerContext } from "../../lib/executions/tasks/types";

// Posting a message to a chat service's incoming webhook. The webhook's URL is a credential (its
// path is the token), so it never appears in a log line or an error: only its host does. The
// network policy (allowed hosts, private addresses) is http-client's, as for http.Request.

const MAX_ERROR_BODY = 500;

/** The URL with its path and query hidden: "https://hooks.slack.com/…". */
export const shownUrl = (url: URL) => `${url.protocol}//${url.host}/…`;

function parseUrl(service: string, raw: unknown): URL {
  const value = typeof raw === "string" ? raw.trim() : "";
  if (value === "") throw new TaskFailure(`missing required property "url" (the ${service} webhook URL)`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TaskFailure(`The ${service} webhook URL is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TaskFailure(`The ${service} webhook URL must be an http or https URL, not "${url.protocol}"`);
  return url;
}

/** A message from the HTTP client, without the webhook's URL (the raw text, its normalized form, or its path). */
function hide(message: string, raw: string, url: URL): string {
  const shown = shownUrl(url);
  let out = message.split(raw).join(shown).split(url.toString()).join(shown);
  const secretPart = `${url.pathname}${url.search}`;
  if (secretPart.length > 1) out = out.split(secretPart).join("/…");
  return out;
}

function headersOf(props: Record<string, unknown>): Record<string, string> {
  const options = props.options && typeof props.options === "object" && !Array.isArray(props.options) ? (props.options as Record<string, unknown>) : {};
  const headers = options.headers;
  if (headers === undefined || headers === null) return {};
  if (typeof headers !== "object" || Array.isArray(headers)) throw new TaskFailure('property "options.headers" must be a mapping of header names to values');
  return Object.fromEntries(Object.entries(headers as Record<string, unknown>).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/** Posts `payload` (JSON text) to the task's `url`; fails on an answer outside 2xx. */
export async function postToWebhook(ctx: RunnerContext, service: string, payload: string): Promise<void> {
  const raw = typeof ctx.props.url === "string" ? ctx.props.url.trim() : "";
  const url = parseUrl(service, ctx.props.url);
  const options = httpOptions(ctx.props);
  const max = Math.min(options.maxContentLength && options.maxContentLength > 0 ? options.maxContentLength : Infinity, config().httpMaxResponseSize);
  ctx.log("DEBUG", `Send ${service} webhook to ${url.host}: ${payload}`);
  let res: Awaited<ReturnType<typeof httpCall>>;
  try {
    res = await httpCall({
      url: url.toString(),
      method: "POST",
      headers: { "user-agent": "Tenantflow", ...headersOf(ctx.props), "content-type": "application/json; charset=utf-8" },
      body: new TextEncoder().encode(payload),
      followRedirects: options.followRedirects,
      connectTimeoutMs: options.connectTimeoutMs,
      readIdleTimeoutMs: options.readIdleTimeoutMs,
      signal: ctx.signal,
      maxBytes: max,
      limitName: "options.maxContentLength",
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new TaskFailure(hide(`Sending the ${service} message failed: ${message}`, raw, url));
  }
  if (res.status < 200 || res.status > 299) {
    const body = new TextDecoder().decode(res.body).trim();
    const shown = body.length > MAX_ERROR_BODY ? `${body.slice(0, MAX_ERROR_BODY)}…` : body;
    throw new TaskFailure(hide(`The ${service} webhook at ${url.host} answered ${res.status}${shown ? `: ${shown}` : ""}`, raw, url));
  }
}
