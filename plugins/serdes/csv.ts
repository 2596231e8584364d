import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { Decimal, Timestamp } from "ion-js";
import { config } from "../../lib/config";
import { storeTaskFile } from "../../lib/executions/tasks/storage-common";
import { TaskFailure, type RunnerContext, type TaskRunner } from "../../lib/executions/tasks/types";
import { boolOf, charOf, charsetOf, decode, encode, enumOf, intOf, ON_BAD_LINES, source, timeZoneOf } from "./common";
import { checkPattern, formatDateTime, partsInZone } from "./datetime";
import { Float, IonLines, readIon, type Row } from "./ion";

// io.kestra.plugin.serdes.csv: CsvToIon and IonToCsv, as the orchestrator's serdes plugin.

const MIB16 = 16 * 1024 * 1024;
const NULL_FIELD = "\\N";

/** csv.CsvToIon: each CSV record becomes an ION struct (with a header) or a list of its fields; `\N` is null. */
export const csvToIon: TaskRunner = async (ctx) => {
  const { uri, bytes } = await source(ctx);
  const charset = charsetOf(ctx);
  const header = boolOf(ctx, "header", true);
  const delimiter = charOf(ctx, "fieldSeparator", ",");
  const quote = charOf(ctx, "textDelimiter", '"');
  const skipEmptyRows = boolOf(ctx, "skipEmptyRows", false);
  const skipRows = Math.max(0, intOf(ctx, "skipRows", 0));
  const onBadLines = enumOf(ctx, "onBadLines", ON_BAD_LINES, "ERROR");
  const onEmptyHeader = enumOf(ctx, "onEmptyHeader", ["DROP", "RENAME"] as const, "DROP");
  const maxFieldSize = intOf(ctx, "maxFieldSize", MIB16);
  const maxBufferSize = intOf(ctx, "maxBufferSize", MIB16);
  boolOf(ctx, "errorOnDifferentFieldCount", false); // deprecated: field counts follow onBadLines

  const out = new IonLines(config().maxFileSize);
  let seen = 0;
  let columns: { index: number; name: string }[] | null = null;
  let headerCount = 0;
  const bad = (message: string) => {
    if (onBadLines === "ERROR") throw new TaskFailure(message);
    if (onBadLines === "WARN") ctx.log("WARN", message);
  };
  const onRecord = (fields: string[], line: number) => {
    if (seen++ < skipRows) return;
    const long = fields.findIndex((f) => f.length > maxFieldSize);
    if (long >= 0) return bad(`Bad line encountered (field too long) at line ${line}: field ${long + 1} of ${uri} is longer than maxFieldSize (${maxFieldSize} characters).`);
    if (header && columns === null) {
      headerCount = fields.length;
      let kept = fields.length;
      if (onEmptyHeader === "DROP") while (kept > 0 && fields[kept - 1]!.trim() === "") kept--;
      columns = fields.slice(0, kept).map((name, index) => ({ index, name: name.trim() === "" && onEmptyHeader === "RENAME" ? `col_${index}` : name }));
      return;
    }
    const value = (f: string | undefined) => (f === undefined || f === NULL_FIELD ? null : f);
    if (columns !== null) {
      if (fields.length !== headerCount)
        return bad(`Bad line encountered (field count mismatch) at line ${line}: Expected ${headerCount}, got ${fields.length} fields.`);
      out.push(new Map(columns.map((c) => [c.name, value(fields[c.index])])));
    } else out.push(fields.map(value));
  };

  try {
    parse(decode(bytes, charset), {
      delimiter,
      quote,
      escape: quote,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: skipEmptyRows,
      max_record_size: maxBufferSize,
      skip_records_with_error: onBadLines !== "ERROR",
      on_skip: (err) => {
        if (onBadLines === "WARN" && err) ctx.log("WARN", `Bad line encountered (skipped): ${err.message}`);
        return undefined;
      },
      on_record: (fields: string[], info) => {
        onRecord(fields, info.lines);
        return null;
      },
    });
  } catch (e) {
    if (e instanceof TaskFailure) throw e;
    throw new TaskFailure(`${uri} is not valid CSV: ${(e as Error).message}`);
  }
  ctx.log("DEBUG", `${out.count} records converted`);
  return { outputs: { uri: await storeTaskFile(ctx, out.bytes(), ".ion") } };
};

const QUOTE_MODES = ["ALWAYS", "REQUIRED", "NON_NUMERIC"] as const;
const NON_NUMERIC = /^(?![+-]?(?=.)\d*\.?\d*$)[\s\S]/;
const LINE_DELIMITERS = ["\n", "\r\n", "\r"];

/** A Java double's text: 1.0, 1.5, 1.0E7, 1.234E-5. */
export function javaDouble(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (!Number.isFinite(d)) return d > 0 ? "Infinity" : "-Infinity";
  const abs = Math.abs(d);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) return Number.isInteger(d) ? `${d}.0` : String(d);
  const [mantissa, exponent] = d.toExponential().split("e") as [string, string];
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

export type Formats = { date: string; dateTime: string; zone: string };

function timestampText(ts: Timestamp, f: Formats): string {
  const date = ts.getDate();
  if (ts.getPrecision() <= 3) return formatDateTime(f.date, { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
  return formatDateTime(f.dateTime, partsInZone(date.getTime(), f.zone));
}

/** A value as the orchestrator writes it in a CSV field (maps and lists as Java prints them). */
export function fieldText(v: Row, f: Formats, nested = false): string | null {
  if (v === null) return nested ? "null" : null;
  if (typeof v === "number") return Number.isInteger(v) && !Object.is(v, -0) ? String(v) : javaDouble(v);
  if (typeof v === "string" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v instanceof Float) return javaDouble(v.value);
  if (v instanceof Decimal) return v.toString();
  if (v instanceof Timestamp) return timestampText(v, f);
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (Array.isArray(v)) return `[${v.map((x) => fieldText(x, f, true)).join(", ")}]`;
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
  return `{${entries.map(([k, x]) => `${k}=${fieldText(x, f, true)}`).join(", ")}}`;
}

/** csv.IonToCsv: each ION struct becomes a CSV record (the first one's field names are the header); lists are records as they are. */
export const ionToCsv: TaskRunner = async (ctx: RunnerContext) => {
  const { uri, bytes } = await source(ctx);
  const charset = charsetOf(ctx);
  const header = boolOf(ctx, "header", true);
  const delimiter = charOf(ctx, "fieldSeparator", ",");
  const quote = charOf(ctx, "textDelimiter", '"');
  const lineDelimiter = typeof ctx.props.lineDelimiter === "string" && ctx.props.lineDelimiter !== "" ? ctx.props.lineDelimiter : "\n";
  if (!LINE_DELIMITERS.includes(lineDelimiter)) throw new TaskFailure('property "lineDelimiter" must be "\\n", "\\r\\n" or "\\r"');
  const quoteMode = enumOf(ctx, "quoteMode", QUOTE_MODES, undefined) ?? (boolOf(ctx, "alwaysDelimitText", false) ? "ALWAYS" : "REQUIRED");
  const formats: Formats = {
    date: typeof ctx.props.dateFormat === "string" && ctx.props.dateFormat !== "" ? ctx.props.dateFormat : "yyyy-MM-dd",
    dateTime: typeof ctx.props.dateTimeFormat === "string" && ctx.props.dateTimeFormat !== "" ? ctx.props.dateTimeFormat : "yyyy-MM-dd'T'HH:mm:ss.SSS[XXX]",
    zone: timeZoneOf(ctx),
  };
  const timeFormat = typeof ctx.props.timeFormat === "string" && ctx.props.timeFormat !== "" ? ctx.props.timeFormat : "HH:mm:ss[XXX]";
  for (const p of [formats.date, formats.dateTime, timeFormat]) checkPattern(p);

  const options = {
    delimiter,
    quote,
    escape: quote,
    record_delimiter: lineDelimiter,
    ...(quoteMode === "ALWAYS" ? { quoted: true, quoted_empty: true } : {}),
    ...(quoteMode === "NON_NUMERIC" ? { quoted_match: NON_NUMERIC } : {}),
  };
  const limit = config().maxFileSize;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const write = (record: (string | null)[]) => {
    const chunk = encode(stringify([record], options), charset);
    size += chunk.byteLength;
    if (size > limit) throw new TaskFailure(`The result is more than the limit of ${limit} bytes (TENANTFLOW_MAX_FILE_SIZE)`);
    chunks.push(chunk);
  };
  let first = true;
  let count = 0;
  for (const row of readIon(bytes, uri)) {
    if (Array.isArray(row)) {
      if (header) throw new TaskFailure(`${uri}: a row is a list, which has no field names for a header (set header: false)`);
      write(row.map((v) => fieldText(v, formats)));
    } else if (row instanceof Map) {
      if (first && header) write([...row.keys()]);
      write([...row.values()].map((v) => fieldText(v, formats)));
    } else continue;
    first = false;
    count++;
  }
  ctx.log("DEBUG", `${count} records converted`);
  return { outputs: { uri: await storeTaskFile(ctx, Buffer.concat(chunks), ".csv") } };
};
