import { Decimal, Timestamp } from "ion-js";
import { config } from "../../lib/config";
import { storeTaskFile } from "../../lib/executions/tasks/storage-common";
import { TaskFailure, type TaskRunner } from "../../lib/executions/tasks/types";
import { javaDouble } from "./csv";
import { boolOf, charsetOf, decode, encode, source, timeZoneOf } from "./common";
import { formatDateTime, partsInZone } from "./datetime";
import { Float, IonLines, readIon, type Row } from "./ion";

// io.kestra.plugin.serdes.json: JsonToIon and IonToJson, as the orchestrator's serdes plugin.

function parseJson(text: string, where: string): Row {
  try {
    return JSON.parse(text) as Row;
  } catch (e) {
    throw new TaskFailure(`${where} is not valid JSON: ${(e as Error).message}`);
  }
}

/** json.JsonToIon: one JSON value per line (newLine: true, the default), or one JSON document whose array items are the rows. */
export const jsonToIon: TaskRunner = async (ctx) => {
  const { uri, bytes } = await source(ctx);
  const text = decode(bytes, charsetOf(ctx));
  const out = new IonLines(config().maxFileSize);
  if (boolOf(ctx, "newLine", true)) {
    let start = 0;
    let line = 0;
    while (start < text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      line++;
      const content = text.slice(start, end).trim();
      if (content !== "") out.push(parseJson(content, `${uri} line ${line}`));
      start = end + 1;
    }
  } else {
    const doc = parseJson(text, uri);
    if (Array.isArray(doc)) for (const item of doc) out.push(item);
    else out.push(doc);
  }
  ctx.log("DEBUG", `${out.count} records converted`);
  return { outputs: { uri: await storeTaskFile(ctx, out.bytes(), ".ion") } };
};

function timestampJson(ts: Timestamp, zone: string): string {
  const date = ts.getDate();
  if (ts.getPrecision() <= 3) return formatDateTime("yyyy-MM-dd", { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
  // a known offset is kept; an unknown one (-00:00) is read in the time zone
  const offset = ts.getLocalOffset();
  const parts = Object.is(offset, -0) ? partsInZone(date.getTime(), zone) : partsInZone(date.getTime() + offset * 60000, "UTC");
  if (!Object.is(offset, -0)) parts.offsetMinutes = offset;
  return formatDateTime(parts.time?.millis ? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" : "yyyy-MM-dd'T'HH:mm:ssXXX", parts);
}

/** A row as JSON text, with its fields in order; ION floats keep a decimal point, blobs are base64. */
function toJson(v: Row, zone: string): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return Number.isInteger(v) && !Object.is(v, -0) ? String(v) : toJson(new Float(v), zone);
  // Jackson writes NaN and infinities as text
  if (v instanceof Float) return Number.isFinite(v.value) ? javaDouble(v.value) : JSON.stringify(javaDouble(v.value));
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof Decimal) return v.toString();
  if (v instanceof Timestamp) return JSON.stringify(timestampJson(v, zone));
  if (v instanceof Uint8Array) return JSON.stringify(Buffer.from(v).toString("base64"));
  if (Array.isArray(v)) return `[${v.map((x) => toJson(x, zone)).join(",")}]`;
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${toJson(x, zone)}`).join(",")}}`;
}

/** json.IonToJson: one JSON line per ION value (newLine: true, the default), or one JSON array of them. */
export const ionToJson: TaskRunner = async (ctx) => {
  const { uri, bytes } = await source(ctx);
  const charset = charsetOf(ctx);
  const newLine = boolOf(ctx, "newLine", true);
  const zone = timeZoneOf(ctx);
  const limit = config().maxFileSize;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const write = (s: string) => {
    const chunk = encode(s, charset);
    size += chunk.byteLength;
    if (size > limit) throw new TaskFailure(`The result is more than the limit of ${limit} bytes (TENANTFLOW_MAX_FILE_SIZE)`);
    chunks.push(chunk);
  };
  let count = 0;
  if (!newLine) write("[");
  for (const row of readIon(bytes, uri)) {
    if (newLine) write(`${toJson(row, zone)}\n`);
    else write(`${count > 0 ? "," : ""}${toJson(row, zone)}`);
    count++;
  }
  if (!newLine) write("]");
  ctx.log("DEBUG", `${count} records converted`);
  return { outputs: { uri: await storeTaskFile(ctx, Buffer.concat(chunks), newLine ? ".jsonl" : ".json") } };
};
