import http from "node:http";
import https from "node:https";
import net from "node:net";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { config } from "../../lib/config";
import { TaskFailure } from "../../lib/executions/tasks/types";
import { text } from "../../lib/executions/tasks/props";
import { BlockedAddressError, checkAllowedHost, guardedLookup, isPrivateAddress } from "../../lib/plugins/network";

// The S3 client of the aws tasks. Every request goes through the instance's network policy
// (lib/plugins/network.ts): the host it is sent to (the endpoint's, or the bucket's AWS host) must
// be among the allowed hosts, and the addresses connected to may not be private unless the
// instance allows it (a `lookup` given to the sockets, so a DNS answer cannot change in between).
// Credentials are the task's own: without them the worker's own AWS identity is used only when
// the instance says so (TENANTFLOW_AWS_DEFAULT_CREDENTIALS).

const DEFAULT_REGION = "us-east-1";

/** NodeHttpHandler checking each request's host against the allowed hosts (and an IP literal against the private-address rule) first. */
class GuardedHttpHandler extends NodeHttpHandler {
  async handle(...[request, options]: Parameters<NodeHttpHandler["handle"]>) {
    const host = request.hostname.replace(/^\[|\]$/g, "");
    checkAllowedHost(host);
    if (!config().httpAllowPrivate && net.isIP(host) && isPrivateAddress(host)) throw new BlockedAddressError(host, host);
    return super.handle(request, options);
  }
}

function guardedHandler(): NodeHttpHandler {
  const lookup = config().httpAllowPrivate ? undefined : (guardedLookup(isPrivateAddress) as unknown as net.LookupFunction);
  const agent = { keepAlive: false, ...(lookup ? { lookup } : {}) };
  return new GuardedHttpHandler({ httpAgent: new http.Agent(agent), httpsAgent: new https.Agent(agent) });
}

function isTrue(props: Record<string, unknown>, key: string): boolean {
  const v = text(props, key)?.trim().toLowerCase();
  if (v === undefined || v === "") return false;
  if (v === "true" || v === "false") return v === "true";
  throw new TaskFailure(`property "${key}" must be true or false, not "${v}"`);
}

const given = (props: Record<string, unknown>, key: string) => {
  const v = text(props, key);
  return v === undefined || v.trim() === "" ? undefined : v.trim();
};

/** The endpoint as an URL (a bare host gets https://), refused when it is not http(s). */
function endpointOf(raw: string): string {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new TaskFailure(`endpointOverride "${raw}" is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TaskFailure(`endpointOverride must be an http or https URL, not "${url.protocol}"`);
  return url.toString().replace(/\/$/, "");
}

/** The credentials of a task: both keys (and the optional session token), or the instance's own when it allows it. */
function credentials(props: Record<string, unknown>): S3ClientConfig["credentials"] {
  if (given(props, "stsRoleArn"))
    throw new TaskFailure("stsRoleArn (assuming an IAM role through STS) is not supported: give accessKeyId and secretKeyId (and sessionToken for temporary credentials)");
  const accessKeyId = given(props, "accessKeyId");
  const secretAccessKey = given(props, "secretKeyId");
  const sessionToken = given(props, "sessionToken");
  if (accessKeyId && secretAccessKey) return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  if (accessKeyId || secretAccessKey) throw new TaskFailure(`missing property "${accessKeyId ? "secretKeyId" : "accessKeyId"}": give both accessKeyId and secretKeyId`);
  if (!config().awsDefaultCredentials)
    throw new TaskFailure(
      "No AWS credentials: set accessKeyId and secretKeyId (for example from {{ secret('AWS_SECRET_KEY_ID') }}). " +
        "This instance does not let tasks use the worker's own AWS identity (setting TENANTFLOW_AWS_DEFAULT_CREDENTIALS)",
    );
  return undefined; // the SDK's default chain: the worker's environment, profile or instance role
}

/** An S3 client for a task's connection properties (rendered). */
export function s3ClientFor(props: Record<string, unknown>): S3Client {
  const endpointRaw = given(props, "endpointOverride");
  const endpoint = endpointRaw ? endpointOf(endpointRaw) : undefined;
  return new S3Client({
    region: given(props, "region") ?? DEFAULT_REGION,
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: isTrue(props, "forcePathStyle"),
    credentials: credentials(props),
    requestHandler: guardedHandler(),
    // the endpoint is the task's, never one configured in the worker's environment or profile
    ignoreConfiguredEndpointUrls: true,
    maxAttempts: 1,
    // S3-compatible servers other than AWS often lack the newer default checksums
    ...(endpoint ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" } : {}),
  });
}

/** An SDK error as a message for the user (the service's code and message; never the request's credentials). */
export function describeS3Error(e: unknown, what: string): Error {
  if (e instanceof TaskFailure) return e;
  const err = e as { name?: string; message?: string; Code?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  if (err?.name === "AbortError") return new TaskFailure(`${what}: aborted`);
  if (err?.cause instanceof TaskFailure) return err.cause;
  const status = err?.$metadata?.httpStatusCode;
  const code = err?.Code ?? err?.name ?? "Error";
  return new TaskFailure(`${what} failed: ${code}${status ? ` (HTTP ${status})` : ""}${err?.message && err.message !== code ? `: ${err.message}` : ""}`);
}
