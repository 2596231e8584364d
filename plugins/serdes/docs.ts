import type { DocsByType } from "../../lib/flows/validation/catalogue/docs/types";
import { CSV_TO_ION, EXCEL_TO_ION, ION_TO_CSV, ION_TO_EXCEL, ION_TO_JSON, JSON_TO_ION } from "./catalogue";

// The serdes tasks' documentation, after the orchestrator's serdes plugin.

const FROM = "The file to convert: a kestra:/// URI of this execution, usually `{{ outputs.<task>.uri }}`.";
const CHARSET = "The name of the file's charset (UTF-8, ISO-8859-1, windows-1252, UTF-16, ...); UTF-8 when not set.";
const OUTPUT = " Output: `uri`, the converted file in the task run's internal storage.";

export const SERDES_TASK_DOCS: DocsByType = {
  [CSV_TO_ION]: {
    description:
      "Converts a CSV file to ION, one row per line: with a header, each record becomes a map of the header's names to the record's fields; without one, a list of its fields. Every field is text; `\\N` stands for null. A leading byte-order mark is dropped." +
      OUTPUT,
    properties: {
      from: FROM,
      charset: CHARSET,
      header: "Whether the first record (after `skipRows`) names the columns; true when not set.",
      fieldSeparator: "The character between fields; `,` when not set.",
      textDelimiter: 'The character that quotes a field holding separators, quotes or line breaks (a quote inside is doubled); `"` when not set.',
      skipEmptyRows: "Skip empty lines instead of reading them as records of one empty field; false when not set.",
      skipRows: "How many records to skip at the start of the file, before the header; a negative number counts as 0.",
      onBadLines: "What to do with a record that cannot be read or whose field count differs from the header's: ERROR (fail, the default), WARN (skip it with a warning) or SKIP (skip it silently).",
      onEmptyHeader: "Header columns with no name at the end of the header: DROP (the default) leaves them out, RENAME keeps them as col_<index>.",
      maxBufferSize: "The longest record, in characters (16 MiB when not set).",
      maxFieldSize: "The longest field, in characters (16 MiB when not set); a longer one is a bad line.",
      allowExtraCharsAfterClosingQuote: "Accepted for compatibility; text after a closing quote is always a bad line here.",
      errorOnDifferentFieldCount: "Deprecated: field count differences follow `onBadLines`.",
    },
    example: `- id: to_ion\n  type: ${CSV_TO_ION}\n  from: "{{ outputs.http_download.uri }}"\n  fieldSeparator: ";"\n  skipRows: 1`,
  },
  [ION_TO_CSV]: {
    description:
      "Converts an ION file to CSV: each map becomes a record (the first map's field names are the header), each list a record of its items. Dates and timestamps are written with `dateFormat` and `dateTimeFormat` (Java patterns), in `timeZoneId`; nulls are empty fields." +
      OUTPUT,
    properties: {
      from: FROM,
      charset: "The charset of the CSV file written; UTF-8 when not set.",
      header: "Write the first map's field names as a header record; true when not set (rows that are lists then fail: set it to false).",
      fieldSeparator: "The character between fields; `,` when not set.",
      textDelimiter: 'The character that quotes fields; `"` when not set.',
      lineDelimiter: 'The line ending of records: "\\n" (the default), "\\r\\n" or "\\r".',
      alwaysDelimitText: "Deprecated (see `quoteMode`): quote every field; false when not set.",
      quoteMode: "When to quote a field: ALWAYS, REQUIRED (only fields holding a separator, a quote or a line break; the default) or NON_NUMERIC (every field that is not a number). Takes precedence over `alwaysDelimitText`.",
      dateFormat: "The pattern of dates; yyyy-MM-dd when not set.",
      timeFormat: "The pattern of times; HH:mm:ss[XXX] when not set.",
      dateTimeFormat: "The pattern of timestamps; yyyy-MM-dd'T'HH:mm:ss.SSS[XXX] when not set.",
      timeZoneId: "The time zone timestamps are written in; Etc/UTC when not set.",
    },
    example: `- id: to_csv\n  type: ${ION_TO_CSV}\n  from: "{{ outputs.query.uri }}"\n  header: true\n  quoteMode: NON_NUMERIC`,
  },
  [JSON_TO_ION]: {
    description:
      "Converts a JSON file to ION: one JSON value per line (JSON lines, the default; blank lines are skipped), or with `newLine: false` one JSON document whose array items each become a row. Numbers with a fraction become ION floats, whole numbers ION integers." +
      OUTPUT,
    properties: {
      from: FROM,
      charset: CHARSET,
      newLine: "Whether the file holds one JSON value per line (true, the default) or one JSON document, read whole.",
    },
    example: `- id: to_ion\n  type: ${JSON_TO_ION}\n  from: "{{ outputs.http_download.uri }}"\n  newLine: false`,
  },
  [ION_TO_JSON]: {
    description:
      "Converts an ION file to JSON: one JSON line per ION value (the default), or with `newLine: false` one JSON array of them. Maps keep their fields' order; timestamps are ISO-8601 text, blobs base64." +
      OUTPUT,
    properties: {
      from: FROM,
      charset: "The charset of the JSON file written; UTF-8 when not set.",
      newLine: "Write one JSON value per line (true, the default; the file ends with .jsonl) or one JSON array (.json).",
      timeZoneId: "The time zone of timestamps that carry no offset; Etc/UTC when not set.",
    },
    example: `- id: to_json\n  type: ${ION_TO_JSON}\n  from: "{{ outputs.convert.uri }}"`,
  },
  [EXCEL_TO_ION]: {
    description:
      "Converts the sheets of an Excel (.xlsx) workbook to ION files, one per sheet: with a header, each row becomes a map of the first row's names to its cells; without one, a list of its cells. Numbers are ION floats, dates timestamps. Outputs: `uris`, the ION file of each sheet by its name (`{{ outputs.<task>.uris.Sheet1 }}`), and `size`, the number of rows read.",
    properties: {
      from: FROM,
      charset: "Accepted for compatibility: a workbook is a binary file.",
      sheetsTitle: "The names of the sheets to convert; all of them when not set.",
      valueRender: "FORMATTED_VALUE or UNFORMATTED_VALUE (the default): every cell; FORMULA: only number, date and text cells (and formulas' results).",
      dateTimeRender: "Dates as UNFORMATTED_VALUE (timestamps, the default) or SERIAL_NUMBER (Excel's day numbers); FORMATTED_STRING is not supported.",
      header: "Whether the first row (after `skipRows`) names the columns; true when not set.",
      skipEmptyRows: "Leave empty cells out of the rows instead of reading them as empty text; false when not set.",
      skipRows: "How many rows to skip at the start of the file (counted across sheets, from the first).",
    },
    example: `- id: to_ion\n  type: ${EXCEL_TO_ION}\n  from: "{{ outputs.http_download.uri }}"\n  sheetsTitle: [Products]`,
  },
  [ION_TO_EXCEL]: {
    description:
      "Writes ION files to an Excel (.xlsx) workbook: one sheet, or one per entry when `from` maps sheet titles to URIs. Each map is a row (the first map's field names are the header); numbers are numbers, timestamps dates (the day in `timeZoneId`), text starting with `Formula:` a formula, null the text null. Outputs: `uri`, the workbook, and `size`, the number of rows written.",
    properties: {
      from: "The ION file to write (a kestra:/// URI of this execution), or a map of sheet titles to such URIs.",
      charset: "Accepted for compatibility: ION files are read as UTF-8.",
      sheetsTitle: "The title of the sheet when `from` is one URI; Sheet when not set.",
      header: "Write the first map's field names as a header row; true when not set.",
      styles: "Give date cells the `dateFormat` number format; true when not set.",
      dateFormat: "The Excel number format of date cells; yyyy-MM-dd when not set.",
      timeFormat: "Accepted for compatibility.",
      dateTimeFormat: "The pattern of timestamps inside maps and lists written as text.",
      timeZoneId: "The time zone whose day a timestamp is written as; Etc/UTC when not set.",
    },
    example: `- id: to_excel\n  type: ${ION_TO_EXCEL}\n  from:\n    Products: "{{ outputs.products.uri }}"\n    Orders: "{{ outputs.orders.uri }}"`,
  },
};
