import { dynBool, dynMap, dynOneOf, mapOrText, opt, text } from "./props";
import type { TaskEntry } from "./types";

// io.kestra.plugin.core.http

const METHODS = ["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT", "PATCH"] as const;

const requestShape = {
  uri: text,
  method: opt(dynOneOf(METHODS)),
  body: opt(mapOrText),
  formData: opt(dynMap),
  contentType: opt(text),
  headers: opt(dynMap),
  options: opt(dynMap),
  sslOptions: opt(dynMap),
};

export const request: TaskEntry = {
  type: "io.kestra.plugin.core.http.Request",
  aliases: ["io.kestra.plugin.fs.http.Request"],
  shape: { ...requestShape, encryptBody: opt(dynBool) },
};

export const download: TaskEntry = {
  type: "io.kestra.plugin.core.http.Download",
  aliases: ["io.kestra.plugin.fs.http.Download"],
  shape: { ...requestShape, failOnEmptyResponse: opt(dynBool), saveAs: opt(text) },
};
