import { config } from "../../config";
import { httpCall } from "./http-client";
import { buildRequest, checkStatus } from "./http-common";
import { boolean, text } from "./props";
import { TaskFailure, type TaskRunner } from "./types";

/**
 * http.Request: sends `method` (GET) to `uri` with `headers`, `body` (of `contentType`,
 * application/json by default) or `formData` (form-urlencoded, or multipart with contentType
 * multipart/form-data), `options` (auth BASIC/BEARER, followRedirects, allowFailed,
 * allowedResponseCodes, timeouts, maxContentLength). Private addresses are refused unless the
 * instance allows them (see http-client). Outputs `uri` (the URL requested), `code`, `headers`
 * (lists by lower-case name) and `body` (text, null when empty), at most
 * TENANTFLOW_HTTP_MAX_RESPONSE_SIZE bytes.
 */
export const httpRequestTask: TaskRunner = async (ctx) => {
  if (boolean(ctx.props, "encryptBody", false)) throw new TaskFailure('"encryptBody" is not supported yet: the body would be stored unencrypted');
  const { request, options } = buildRequest(ctx, { maxBytes: config().httpMaxResponseSize, limitName: "TENANTFLOW_HTTP_MAX_RESPONSE_SIZE" });
  const res = await httpCall(request);
  checkStatus(res, options);
  const charset = text(ctx.props.options && typeof ctx.props.options === "object" ? (ctx.props.options as Record<string, unknown>) : {}, "defaultCharset") ?? "utf-8";
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    throw new TaskFailure(`"options.defaultCharset" names an unknown charset: ${charset}`);
  }
  return {
    outputs: {
      uri: request.url,
      code: res.status,
      headers: res.headers,
      body: res.body.byteLength === 0 ? null : decoder.decode(res.body),
    },
  };
};
