import ExcelJS from "exceljs";
import { Decimal, Timestamp } from "ion-js";
import { config } from "../../lib/config";
import { listOf, readExecutionFile, storeTaskFile } from "../../lib/executions/tasks/storage-common";
import { TaskFailure, type TaskRunner } from "../../lib/executions/tasks/types";
import { boolOf, enumOf, intOf, source, timeZoneOf } from "./common";
import { fieldText, javaDouble, type Formats } from "./csv";
import { partsInZone } from "./datetime";
import { Float, IonLines, readIon, type Row } from "./ion";

// io.kestra.plugin.serdes.excel: ExcelToIon and IonToExcel (.xlsx workbooks), as the orchestrator's
// serdes plugin.

const VALUE_RENDERS = ["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"] as const;
const DATE_TIME_RENDERS = ["SERIAL_NUMBER", "FORMATTED_STRING", "UNFORMATTED_VALUE"] as const;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

async function loadWorkbook(bytes: Uint8Array, uri: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new TaskFailure(`${uri} is not a readable Excel (.xlsx) workbook: ${(e as Error).message}`);
  }
  return workbook;
}

const timestampOf = (date: Date) => Timestamp.parse(date.toISOString().replace(".000Z", "Z"))!;

/** One cell's value as ION, or undefined when the orchestrator leaves the cell out of the row. */
function cellValue(value: ExcelJS.CellValue, opts: { valueRender: string; dateTimeRender: string; skipEmpty: boolean }): Row | undefined {
  const date = (d: Date): Row => (opts.dateTimeRender === "SERIAL_NUMBER" ? new Float((d.getTime() - EXCEL_EPOCH) / 86_400_000) : timestampOf(d));
  if (value === null || value === undefined || value === "") return opts.skipEmpty ? undefined : "";
  if (typeof value === "object" && "formula" in value) {
    const result = value.result;
    if (typeof result === "number") return new Float(result);
    if (typeof result === "string") return result;
    if (result instanceof Date) return date(result);
    return undefined;
  }
  if (typeof value === "object" && "sharedFormula" in value) {
    const result = (value as { result?: unknown }).result;
    return typeof result === "number" ? new Float(result) : typeof result === "string" ? result : undefined;
  }
  if (opts.valueRender === "FORMULA") {
    if (typeof value === "number") return new Float(value);
    if (value instanceof Date) return date(value);
    return typeof value === "string" ? value : "richText" in (value as object) ? (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join("") : undefined;
  }
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return new Float(value);
  if (value instanceof Date) return date(value);
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("hyperlink" in value) return typeof value.text === "string" ? value.text : "";
  return undefined;
}

/** excel.ExcelToIon: each sheet (or those of `sheetsTitle`) becomes an ION file of its rows; outputs `uris` by sheet name and `size`. */
export const excelToIon: TaskRunner = async (ctx) => {
  const { uri, bytes } = await source(ctx);
  const header = boolOf(ctx, "header", true);
  const skipEmpty = boolOf(ctx, "skipEmptyRows", false);
  const skipRows = intOf(ctx, "skipRows", 0);
  if (skipRows < 0) throw new TaskFailure('property "skipRows" must be 0 or more');
  const valueRender = enumOf(ctx, "valueRender", VALUE_RENDERS, "UNFORMATTED_VALUE");
  const dateTimeRender = enumOf(ctx, "dateTimeRender", DATE_TIME_RENDERS, "UNFORMATTED_VALUE");
  if (dateTimeRender === "FORMATTED_STRING") throw new TaskFailure('property "dateTimeRender": FORMATTED_STRING is not supported, use UNFORMATTED_VALUE or SERIAL_NUMBER');
  const titles = ctx.props.sheetsTitle === undefined || ctx.props.sheetsTitle === null ? [] : listOf(ctx.props.sheetsTitle, "sheetsTitle").map(String);
  const workbook = await loadWorkbook(bytes, uri);
  const uris: Record<string, string> = {};
  let size = 0;
  let skipped = 0; // counted from the start of the file, as the orchestrator does
  for (const sheet of workbook.worksheets) {
    if (titles.length > 0 && !titles.includes(sheet.name)) continue;
    const rows: Row[][] = [];
    sheet.eachRow((row) => {
      if (skipped < skipRows) {
        skipped++;
        return;
      }
      const values: Row[] = [];
      const cells = row.values as ExcelJS.CellValue[];
      let first = cells.findIndex((v, i) => i > 0 && v !== undefined);
      if (first < 0) first = cells.length;
      for (let i = first; i < cells.length; i++) {
        const v = cellValue(cells[i], { valueRender, dateTimeRender, skipEmpty });
        if (v !== undefined) values.push(v);
      }
      rows.push(values);
    });
    const out = new IonLines(config().maxFileSize);
    if (header && rows.length > 0) {
      const names = rows.shift()!.map((h) => (h instanceof Float ? javaDouble(h.value) : h === null ? "null" : String(h)));
      for (const r of rows) out.push(new Map(names.map((n, j) => [n, j < r.length ? r[j]! : null])));
    } else for (const r of rows) out.push(r);
    size += rows.length;
    uris[sheet.name] = await storeTaskFile(ctx, out.bytes(), ".ion");
  }
  return { outputs: { uris, size } };
};

/** A cell's value as the orchestrator writes it: numbers, dates as Excel dates, "Formula:..." as formulas, the rest as text. */
function writeCell(cell: ExcelJS.Cell, value: Row, f: Formats, styles: boolean): void {
  if (typeof value === "number") cell.value = value;
  else if (value instanceof Float) cell.value = value.value;
  else if (value instanceof Decimal) cell.value = value.numberValue();
  else if (typeof value === "bigint") cell.value = value.toString();
  else if (typeof value === "boolean") cell.value = value;
  else if (value instanceof Timestamp) {
    // a timestamp is written as its date in timeZoneId
    const d = value.getDate();
    const p = value.getPrecision() <= 3 ? { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() } : partsInZone(d.getTime(), f.zone);
    cell.value = new Date(Date.UTC(p.year, p.month - 1, p.day));
    if (styles) cell.numFmt = f.date;
  } else {
    const text = value === null ? "null" : (fieldText(value, f) ?? "null");
    if (text.startsWith("Formula:")) cell.value = { formula: text.slice("Formula:".length) };
    else cell.value = text;
  }
}

/** excel.IonToExcel: writes ION files to sheets of one workbook (`from` a URI, or a map of sheet titles to URIs); outputs `uri` and `size`. */
export const ionToExcel: TaskRunner = async (ctx) => {
  const header = boolOf(ctx, "header", true);
  const styles = boolOf(ctx, "styles", true);
  const formats: Formats = {
    date: typeof ctx.props.dateFormat === "string" && ctx.props.dateFormat !== "" ? ctx.props.dateFormat : "yyyy-MM-dd",
    dateTime: typeof ctx.props.dateTimeFormat === "string" && ctx.props.dateTimeFormat !== "" ? ctx.props.dateTimeFormat : "yyyy-MM-dd'T'HH:mm:ss.SSS[XXX]",
    zone: timeZoneOf(ctx),
  };
  const from = ctx.props.from;
  let sheets: [string, string][];
  if (typeof from === "string") {
    const title = typeof ctx.props.sheetsTitle === "string" && ctx.props.sheetsTitle !== "" ? ctx.props.sheetsTitle : "Sheet";
    sheets = [[title, from]];
  } else if (typeof from === "object" && from !== null && !Array.isArray(from)) sheets = Object.entries(from).map(([k, v]) => [k, String(v)]);
  else throw new TaskFailure('property "from" must be a kestra:/// URI, or a map of sheet titles to URIs');
  if (sheets.length === 0) throw new TaskFailure('property "from" names no file');

  const workbook = new ExcelJS.Workbook();
  let size = 0;
  for (const [title, uri] of sheets) {
    const bytes = await readExecutionFile(ctx, uri);
    let sheet: ExcelJS.Worksheet;
    try {
      sheet = workbook.addWorksheet(title);
    } catch (e) {
      throw new TaskFailure(`"${title}" cannot be a sheet title: ${(e as Error).message}`);
    }
    let first = true;
    for (const row of readIon(bytes, uri.trim())) {
      let values: Row[];
      if (Array.isArray(row)) {
        if (header) throw new TaskFailure(`${uri.trim()}: a row is a list, which has no field names for a header (set header: false)`);
        values = row;
      } else if (row instanceof Map) {
        if (first && header) sheet.addRow([...row.keys()]);
        values = [...row.values()];
        first = false;
      } else continue;
      const added = sheet.addRow([]);
      values.forEach((v, i) => writeCell(added.getCell(i + 1), v, formats, styles));
      size++;
    }
  }
  const buffer = new Uint8Array(await workbook.xlsx.writeBuffer());
  return { outputs: { uri: await storeTaskFile(ctx, buffer, ".xlsx"), size } };
};
