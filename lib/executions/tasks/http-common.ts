import crypto from "node:crypto";
import { parseIsoDuration } from "../../duration";
import { boolean, text } from "./props";
import type { HttpRequest, HttpResponse } from "./http-client";
import { TaskFailure, type RunnerContext } from "./types";

// What http.Request and http.Download share: the request built from the task's rendered
// properties (uri, method, headers, body / formData / contentType, options), and the status check.

export const HTTP_METHODS = ["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT", "PATCH"] as const;
const READ_IDLE_DEFAULT_MS = 300_000;

const asMap = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** A rendered map property: a mapping, or text holding a JSON object. */
function mapProp(props: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = props[key];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "string") {
    try {
      const parsed: unknown = JSON.parse(v);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw new TaskFailure(`property "${key}" must be a mapping`);
  }
  if (typeof v !== "object" || Array.isArray(v)) throw new TaskFailure(`property "${key}" must be a mapping`);
  return v as Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v));

function durationMs(options: Record<string, unknown>, key: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const ms = parseIsoDuration(String(value), { java: true });
  if (ms === null || ms < 0) throw new TaskFailure(`property "options.${key}" must be an ISO-8601 duration such as PT30S`);
  return ms;
}

export type HttpOptions = {
  followRedirects: boolean;
  allowFailed: boolean;
  allowedResponseCodes: number[] | null;
  connectTimeoutMs?: number;
  readIdleTimeoutMs: number;
  maxContentLength?: number;
};

export function httpOptions(props: Record<string, unknown>): HttpOptions {
  const options = mapProp(props, "options") ?? {};
  const timeout = asMap(options.timeout);
  const codes = options.allowedResponseCodes;
  let allowedResponseCodes: number[] | null = null;
  if (codes !== undefined && codes !== null) {
    const list = Array.isArray(codes) ? codes : typeof codes === "string" ? (JSON.parse(codes.startsWith("[") ? codes : `[${codes}]`) as unknown[]) : [codes];
    allowedResponseCodes = list.map((c) => {
      const n = Number(c);
      if (!Number.isInteger(n)) throw new TaskFailure('property "options.allowedResponseCodes" must be a list of status codes');
      return n;
    });
  }
  const max = options.maxContentLength;
  return {
    followRedirects: boolean(options, "followRedirects", true),
    allowFailed: boolean(options, "allowFailed", false),
    allowedResponseCodes,
    connectTimeoutMs: durationMs(options, "timeout.connectTimeout", timeout.connectTimeout) ?? durationMs(options, "connectTimeout", options.connectTimeout),
    readIdleTimeoutMs:
      durationMs(options, "timeout.readIdleTimeout", timeout.readIdleTimeout) ??
      durationMs(options, "readIdleTimeout", options.readIdleTimeout) ??
      durationMs(options, "readTimeout", options.readTimeout) ??
      READ_IDLE_DEFAULT_MS,
    maxContentLength: max === undefined || max === null || max === "" ? undefined : Number(max),
  };
}

/** The Authorization header `options.auth` (BASIC, BEARER) or the deprecated basicAuthUser/basicAuthPassword ask for. */
function authorization(props: Record<string, unknown>): string | undefined {
  const options = mapProp(props, "options") ?? {};
  const auth = asMap(options.auth);
  const type = typeof auth.type === "string" ? auth.type.toUpperCase() : undefined;
  if (type === "BASIC") return `Basic ${Buffer.from(`${str(auth.username ?? "")}:${str(auth.password ?? "")}`).toString("base64")}`;
  if (type === "BEARER") return `Bearer ${str(auth.token ?? "")}`;
  if (type !== undefined) throw new TaskFailure(`options.auth type "${String(auth.type)}" is not supported (BASIC or BEARER)`);
  if (options.basicAuthUser !== undefined && options.basicAuthUser !== null) {
    return `Basic ${Buffer.from(`${str(options.basicAuthUser)}:${str(options.basicAuthPassword ?? "")}`).toString("base64")}`;
  }
  return undefined;
}

function multipart(form: Record<string, unknown>): { body: Uint8Array; contentType: string } {
  const boundary = `----tenantflow${crypto.randomBytes(12).toString("hex")}`;
  const parts = Object.entries(form).map(([name, value]) => {
    const safe = name.replace(/["\r\n]/g, "_");
    return `--${boundary}\r\nContent-Disposition: form-data; name="${safe}"\r\n\r\n${str(value)}\r\n`;
  });
  return { body: new TextEncoder().encode(`${parts.join("")}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The request the task's properties describe (uri, method, headers, body or formData, contentType, options). */
export function buildRequest(ctx: RunnerContext, limit: { maxBytes: number; limitName: string }): { request: HttpRequest; options: HttpOptions } {
  const uri = text(ctx.props, "uri");
  if (!uri) throw new TaskFailure('missing required property "uri"');
  const method = (text(ctx.props, "method") ?? "GET").toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) throw new TaskFailure(`property "method" must be one of ${HTTP_METHODS.join(", ")}, not "${method}"`);
  const options = httpOptions(ctx.props);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(mapProp(ctx.props, "headers") ?? {})) {
    if (value === null || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.map(str) : str(value);
  }
  const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
  const auth = authorization(ctx.props);
  if (auth && !has("authorization")) headers.authorization = auth;
  if (!has("user-agent")) headers["user-agent"] = "Tenantflow";
  const contentType = text(ctx.props, "contentType");
  let body: Uint8Array | undefined;
  const form = mapProp(ctx.props, "formData");
  if (form) {
    if (contentType?.toLowerCase().startsWith("multipart/form-data")) {
      const m = multipart(form);
      body = m.body;
      headers["content-type"] = m.contentType;
    } else {
      body = new TextEncoder().encode(new URLSearchParams(Object.entries(form).map(([k, v]) => [k, str(v)])).toString());
      if (!has("content-type")) headers["content-type"] = "application/x-www-form-urlencoded";
    }
  } else if (ctx.props.body !== undefined && ctx.props.body !== null) {
    body = new TextEncoder().encode(str(ctx.props.body));
    if (!has("content-type")) headers["content-type"] = contentType ?? "application/json";
  }
  const maxBytes = options.maxContentLength && options.maxContentLength > 0 ? Math.min(options.maxContentLength, limit.maxBytes) : limit.maxBytes;
  return {
    options,
    request: {
      url: uri.trim(),
      method,
      headers,
      body,
      followRedirects: options.followRedirects,
      connectTimeoutMs: options.connectTimeoutMs,
      readIdleTimeoutMs: options.readIdleTimeoutMs,
      signal: ctx.signal,
      maxBytes,
      limitName: maxBytes < limit.maxBytes ? "options.maxContentLength" : limit.limitName,
    },
  };
}

/** Fails on a refused status: >= 400 unless `allowFailed`, or one outside `allowedResponseCodes` when given. */
export function checkStatus(res: HttpResponse, options: HttpOptions): void {
  if (options.allowedResponseCodes) {
    if (!options.allowedResponseCodes.includes(res.status)) {
      throw new TaskFailure(`Failed http request with response code '${res.status}' (allowed: ${options.allowedResponseCodes.join(", ")})`);
    }
    return;
  }
  if (res.status >= 400 && !options.allowFailed) throw new TaskFailure(`Failed http request with response code '${res.status}'`);
}
