import { Decimal, IonTypes, makeReader, makeTextWriter, Timestamp, type Reader, type Writer } from "ion-js";
import { TaskFailure } from "../../lib/executions/tasks/types";

// The rows of a conversion and their ION text, one value per line, as the orchestrator stores them.
// A struct is a Map, so that its fields keep their order (header columns "2", "1" stay in order).

/** An ION float, kept apart from integers (2e0 is written back as 2.0, not 2). */
export class Float {
  constructor(readonly value: number) {}
}

export type Row = null | boolean | number | bigint | string | Float | Decimal | Timestamp | Uint8Array | Row[] | Map<string, Row> | { [key: string]: Row };

const isPlainObject = (v: unknown): v is Record<string, Row> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Float) && !(v instanceof Uint8Array) && !(v instanceof Decimal) && !(v instanceof Timestamp);

function readValue(r: Reader): Row {
  const type = r.type();
  if (type === null || r.isNull()) return null;
  switch (type) {
    case IonTypes.BOOL:
      return r.booleanValue();
    case IonTypes.INT: {
      const big = r.bigIntValue();
      if (big === null) return null;
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    case IonTypes.FLOAT:
      return new Float(r.numberValue() ?? Number.NaN);
    case IonTypes.DECIMAL:
      return r.decimalValue();
    case IonTypes.TIMESTAMP:
      return r.timestampValue();
    case IonTypes.STRING:
    case IonTypes.SYMBOL:
      return r.stringValue();
    case IonTypes.BLOB:
    case IonTypes.CLOB:
      return r.uInt8ArrayValue();
    case IonTypes.LIST:
    case IonTypes.SEXP: {
      const items: Row[] = [];
      r.stepIn();
      while (r.next() !== null) items.push(readValue(r));
      r.stepOut();
      return items;
    }
    case IonTypes.STRUCT: {
      const fields = new Map<string, Row>();
      r.stepIn();
      while (r.next() !== null) fields.set(r.fieldName() ?? "", readValue(r));
      r.stepOut();
      return fields;
    }
    default:
      return null;
  }
}

/** The top-level values of an ION file (text or binary), one after the other. */
export function* readIon(bytes: Uint8Array, name: string): Generator<Row> {
  let reader: Reader;
  try {
    reader = makeReader(bytes);
  } catch (e) {
    throw new TaskFailure(`${name} is not valid ION: ${(e as Error).message}`);
  }
  let index = 0;
  for (;;) {
    let value: Row;
    try {
      if (reader.next() === null) return;
      value = readValue(reader);
    } catch (e) {
      throw new TaskFailure(`${name} is not valid ION (after ${index} values): ${(e as Error).message}`);
    }
    index++;
    yield value;
  }
}

function writeValue(w: Writer, v: Row | undefined): void {
  if (v === null || v === undefined) w.writeNull(IonTypes.NULL);
  else if (typeof v === "boolean") w.writeBoolean(v);
  else if (typeof v === "bigint") w.writeInt(v);
  else if (typeof v === "number") {
    if (Number.isInteger(v) && !Object.is(v, -0) && Number.isSafeInteger(v)) w.writeInt(v);
    else w.writeFloat64(v);
  } else if (typeof v === "string") w.writeString(v);
  else if (v instanceof Float) w.writeFloat64(v.value);
  else if (v instanceof Decimal) w.writeDecimal(v);
  else if (v instanceof Timestamp) w.writeTimestamp(v);
  else if (v instanceof Uint8Array) w.writeBlob(v);
  else if (Array.isArray(v)) {
    w.stepIn(IonTypes.LIST);
    for (const item of v) writeValue(w, item);
    w.stepOut();
  } else {
    const entries = v instanceof Map ? [...v.entries()] : isPlainObject(v) ? Object.entries(v) : [];
    w.stepIn(IonTypes.STRUCT);
    for (const [key, item] of entries) {
      w.writeFieldName(key);
      writeValue(w, item);
    }
    w.stepOut();
  }
}

/** Writes rows as ION text, one value per line; `limit` bounds the bytes written (the instance's file size). */
export class IonLines {
  private chunks: Uint8Array[] = [];
  private size = 0;
  count = 0;
  constructor(private readonly limit: number) {}

  push(row: Row): void {
    const w = makeTextWriter();
    writeValue(w, row);
    w.close();
    const line = w.getBytes();
    this.size += line.byteLength + 1;
    if (this.size > this.limit) throw new TaskFailure(`The result is more than the limit of ${this.limit} bytes (TENANTFLOW_MAX_FILE_SIZE)`);
    this.chunks.push(line, NEWLINE);
    this.count++;
  }

  bytes(): Uint8Array {
    return Buffer.concat(this.chunks);
  }
}
const NEWLINE = new Uint8Array([0x0a]);
