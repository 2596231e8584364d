import crypto from "node:crypto";
import { config } from "../../config";
import { httpCall, type HttpResponse } from "./http-client";
import { buildRequest, checkStatus } from "./http-common";
import { boolean, text } from "./props";
import { storeTaskFile } from "./storage-common";
import { TaskFailure, type TaskRunner } from "./types";

/** A file name for the download: `saveAs`, the Content-Disposition's, or the URI's last segment; only safe characters. */
function fileName(saveAs: string | undefined, res: HttpResponse): string {
  const disposition = res.headers["content-disposition"]?.[0] ?? "";
  const fromHeader = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  const fromUri = decodeURIComponent(new URL(res.url).pathname.split("/").pop() ?? "");
  for (const candidate of [saveAs, fromHeader, fromUri]) {
    const base = (candidate ?? "").split(/[\\/]/).pop()!.replace(/[^A-Za-z0-9._-]/g, "_");
    if (base && base !== "." && base !== ".." && !/^\.+$/.test(base)) return base;
  }
  return crypto.randomBytes(8).toString("hex");
}

/**
 * http.Download: sends the request as http.Request does and stores the response body in the task
 * run's folder of the internal storage (at most TENANTFLOW_MAX_FILE_SIZE bytes). An empty body
 * fails unless `failOnEmptyResponse` is false or `options.allowFailed` is true; a body shorter or
 * longer than its Content-Length fails. Outputs `uri`, `code`, `headers`, `length`.
 */
export const httpDownloadTask: TaskRunner = async (ctx) => {
  const { request, options } = buildRequest(ctx, { maxBytes: config().maxFileSize, limitName: "TENANTFLOW_MAX_FILE_SIZE" });
  const res = await httpCall(request);
  checkStatus(res, options);
  const declared = res.headers["content-length"]?.[0];
  if (declared !== undefined && request.method !== "HEAD" && Number(declared) !== res.body.byteLength) {
    throw new TaskFailure(`Invalid size: the response has ${res.body.byteLength} bytes, its Content-Length says ${declared}`);
  }
  if (res.body.byteLength === 0) {
    if (boolean(ctx.props, "failOnEmptyResponse", true) && !options.allowFailed) throw new TaskFailure("No response from server: the file is empty");
    ctx.log("WARN", "The downloaded file is empty");
  }
  const uri = await storeTaskFile(ctx, res.body, "", fileName(text(ctx.props, "saveAs"), res));
  return { outputs: { uri, code: res.status, headers: res.headers, length: res.body.byteLength } };
};
