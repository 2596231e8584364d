import { bool, dynBool, dynInteger, dynOneOf, dynTextList, integer, mapOrText, nonEmptyText, opt, text } from "../../lib/flows/validation/catalogue/props";
import type { TaskEntry } from "../../lib/flows/validation/catalogue/types";

// io.kestra.plugin.serdes.{csv,json}: the conversions between CSV, JSON and ION, with the
// properties of the orchestrator's serdes plugin (and the older names it still loads).

export const S = "io.kestra.plugin.serdes";
export const CSV_TO_ION = `${S}.csv.CsvToIon`;
export const ION_TO_CSV = `${S}.csv.IonToCsv`;
export const JSON_TO_ION = `${S}.json.JsonToIon`;
export const ION_TO_JSON = `${S}.json.IonToJson`;
export const EXCEL_TO_ION = `${S}.excel.ExcelToIon`;
export const ION_TO_EXCEL = `${S}.excel.IonToExcel`;

const common = { from: nonEmptyText, charset: opt(text) };
const textWriter = { dateFormat: opt(text), timeFormat: opt(text), dateTimeFormat: opt(text), timeZoneId: opt(text) };

export const csvToIon: TaskEntry = {
  type: CSV_TO_ION,
  aliases: [`${S}.csv.CsvReader`],
  shape: {
    ...common,
    header: opt(dynBool),
    fieldSeparator: opt(text),
    textDelimiter: opt(text),
    skipEmptyRows: opt(dynBool),
    skipRows: opt(dynInteger),
    onBadLines: opt(dynOneOf(["ERROR", "WARN", "SKIP"])),
    onEmptyHeader: opt(dynOneOf(["DROP", "RENAME"])),
    maxBufferSize: opt(dynInteger),
    maxFieldSize: opt(dynInteger),
    allowExtraCharsAfterClosingQuote: opt(dynBool),
    errorOnDifferentFieldCount: opt(dynBool),
  },
};

export const ionToCsv: TaskEntry = {
  type: ION_TO_CSV,
  aliases: [`${S}.csv.CsvWriter`],
  shape: {
    ...common,
    ...textWriter,
    header: opt(dynBool),
    fieldSeparator: opt(text),
    textDelimiter: opt(text),
    lineDelimiter: opt(text),
    alwaysDelimitText: opt(dynBool),
    quoteMode: opt(dynOneOf(["ALWAYS", "REQUIRED", "NON_NUMERIC"])),
  },
};

export const jsonToIon: TaskEntry = {
  type: JSON_TO_ION,
  aliases: [`${S}.json.JsonReader`],
  shape: { ...common, newLine: opt(dynBool) },
};

export const ionToJson: TaskEntry = {
  type: ION_TO_JSON,
  aliases: [`${S}.json.JsonWriter`],
  shape: { ...common, newLine: opt(dynBool), timeZoneId: opt(text) },
};

export const excelToIon: TaskEntry = {
  type: EXCEL_TO_ION,
  shape: {
    ...common,
    sheetsTitle: opt(dynTextList),
    valueRender: opt(dynOneOf(["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"])),
    dateTimeRender: opt(dynOneOf(["SERIAL_NUMBER", "FORMATTED_STRING", "UNFORMATTED_VALUE"])),
    header: opt(dynBool),
    skipEmptyRows: opt(dynBool),
    skipRows: opt(integer),
  },
};

export const ionToExcel: TaskEntry = {
  type: ION_TO_EXCEL,
  shape: { ...textWriter, from: mapOrText, charset: opt(text), sheetsTitle: opt(text), header: opt(bool), styles: opt(bool) },
};

export const SERDES_TASKS: readonly TaskEntry[] = [csvToIon, ionToCsv, jsonToIon, ionToJson, excelToIon, ionToExcel];
