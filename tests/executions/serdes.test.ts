import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/authz/actor";
import { type TenantContext, tenantContext } from "@/lib/authz/context";
import { tenantDb } from "@/lib/db";
import { getExecution, startExecution, waitForEnd } from "@/lib/executions/executions";
import { closeFollowers } from "@/lib/executions/follow";
import { installEngine } from "@/lib/executions/install-engine";
import { executionFolder, InternalStorage } from "@/lib/executions/internal-storage";
import { listLogs } from "@/lib/executions/logs";
import { type Role, resetEngine, runExecutor, runWorker } from "@/lib/executions/processes";
import { execution, run } from "@/lib/executions/test-support";
import { createFlow } from "@/lib/flows/flows";
import { makeTenant } from "../helpers";
import { emptyQueue } from "./support/data";

// The serdes conversions (CSV, JSON, ION) on files of the tenant's internal storage: round trips
// keep values and types, bad input fails with a message that says where, and a URI of another
// execution is refused. Then a flow chains storage.Write, CsvToIon, IonToJson and a Log.

const S = "io.kestra.plugin.serdes";
const NS = "company.team";
let tenant = "";
let storage: InternalStorage;

const put = async (name: string, body: Uint8Array | string, executionId = "exec1") =>
  storage.put(`${executionFolder(NS, "hello", executionId)}/inputs/${name}`, body);
const text = async (uri: unknown) => new TextDecoder().decode((await storage.get(String(uri)))!);
const bytes = async (uri: unknown) => (await storage.get(String(uri)))!;

async function convert(task: Record<string, unknown>) {
  const { result, logs } = await run({ id: "convert", ...task }, { tenantId: tenant });
  return { result, logs, uri: result.outputs?.uri as string | undefined };
}

beforeAll(async () => {
  tenant = (await makeTenant()).id;
  storage = new InternalStorage(tenantDb(tenant), NS);
});

describe("csv.CsvToIon and csv.IonToCsv", () => {
  it("round-trips a CSV file with a header, quoted separators, quotes and line breaks", async () => {
    const csv = 'id,name,note\n1,"Doe, Jane","said ""hi""\nthen left"\n2,Bob,\\N\n3,"",plain\n';
    const toIon = await convert({ type: `${S}.csv.CsvToIon`, from: await put("people.csv", csv) });
    expect(toIon.result.state).toBe("SUCCESS");
    expect(toIon.uri).toMatch(/^kestra:\/\/\/company\/team\/hello\/executions\/exec1\/tasks\/convert\/tr-convert\/[0-9a-f]+\.ion$/);
    expect(await text(toIon.uri)).toBe(
      '{id:"1",name:"Doe, Jane",note:"said \\"hi\\"\\nthen left"}\n{id:"2",name:"Bob",note:null}\n{id:"3",name:"",note:"plain"}\n',
    );
    const back = await convert({ type: `${S}.csv.IonToCsv`, from: toIon.uri });
    expect(back.result.state).toBe("SUCCESS");
    expect(back.uri).toMatch(/\.csv$/);
    // \N was null, and a null is an empty field
    expect(await text(back.uri)).toBe('id,name,note\n1,"Doe, Jane","said ""hi""\nthen left"\n2,Bob,\n3,,plain\n');
  });

  it("reads and writes without a header, with another separator, skipped rows and a charset", async () => {
    const source = iconv.encode("exported by the bank\nCafé;3;\"a;b\"\nNaïve;4;x\n", "ISO-8859-1");
    const toIon = await convert({
      type: `${S}.csv.CsvToIon`,
      from: await put("latin1.csv", source),
      header: false,
      fieldSeparator: ";",
      skipRows: 1,
      charset: "ISO-8859-1",
    });
    expect(toIon.result.state).toBe("SUCCESS");
    expect(await text(toIon.uri)).toBe('["Café","3","a;b"]\n["Naïve","4","x"]\n');
    const back = await convert({ type: `${S}.csv.IonToCsv`, from: toIon.uri, header: false, fieldSeparator: ";", charset: "ISO-8859-1", lineDelimiter: "\r\n" });
    expect(back.result.state).toBe("SUCCESS");
    expect(Buffer.from(await bytes(back.uri))).toEqual(iconv.encode('Café;3;"a;b"\r\nNaïve;4;x\r\n', "ISO-8859-1"));
    // lists cannot have a header
    const listed = await convert({ type: `${S}.csv.IonToCsv`, from: toIon.uri });
    expect(listed.result.state).toBe("FAILED");
    expect(listed.result.error).toMatch(/a row is a list, which has no field names for a header \(set header: false\)/);
  });

  it("writes ION values of every type as the orchestrator does, quoting as asked", async () => {
    const ion =
      '{i:1,f:1.5e0,w:2e0,d:1.50,b:true,n:null,t:2023-01-02T03:04:05.678+01:00,day:2023-01-02T,m:{a:1,b:"x"},l:[1,"y"]}\n' +
      '{i:12345678901234567890,f:-1e-7,w:1e7,d:2.,b:false,n:null.string,t:2023-06-30T22:00:00Z,day:2024-02-29,m:{},l:[]}\n';
    const from = await put("types.ion", ion);
    const csv = await convert({ type: `${S}.csv.IonToCsv`, from, timeZoneId: "Europe/Paris" });
    expect(csv.result.state).toBe("SUCCESS");
    expect((await text(csv.uri)).split("\n")).toEqual([
      "i,f,w,d,b,n,t,day,m,l",
      '1,1.5,2.0,1.50,true,,2023-01-02T03:04:05.678+01:00,2023-01-02,"{a=1, b=x}","[1, y]"',
      "12345678901234567890,-1.0E-7,1.0E7,2,false,,2023-07-01T00:00:00.000+02:00,2024-02-29,{},[]",
      "",
    ]);
    const quoted = await convert({ type: `${S}.csv.IonToCsv`, from, quoteMode: "NON_NUMERIC", dateTimeFormat: "dd/MM/yyyy HH:mm", timeZoneId: "UTC" });
    expect((await text(quoted.uri)).split("\n").slice(0, 2)).toEqual([
      '"i","f","w","d","b","n","t","day","m","l"',
      '1,1.5,2.0,1.50,"true",,"02/01/2023 02:04","2023-01-02","{a=1, b=x}","[1, y]"',
    ]);
    const always = await convert({ type: `${S}.csv.IonToCsv`, from, alwaysDelimitText: true, textDelimiter: "'" });
    expect((await text(always.uri)).split("\n")[1]).toBe("'1','1.5','2.0','1.50','true','','2023-01-02T02:04:05.678Z','2023-01-02','{a=1, b=x}','[1, y]'");
  });

  it("fails on malformed CSV with the line, or skips bad lines when asked", async () => {
    const from = await put("bad.csv", 'a,b\n1,2\n"x"y,3\n7,8\n');
    const failed = await convert({ type: `${S}.csv.CsvToIon`, from });
    expect(failed.result.state).toBe("FAILED");
    expect(failed.result.error).toMatch(/bad\.csv is not valid CSV: Invalid Closing Quote: got "y" at line 3/);
    // the reader cannot find the next record after a broken quote: what was read before stays
    const warned = await convert({ type: `${S}.csv.CsvToIon`, from, onBadLines: "WARN" });
    expect(warned.result.state).toBe("SUCCESS");
    expect(await text(warned.uri)).toBe('{a:"1",b:"2"}\n');
    expect(warned.logs.filter((l) => l.level === "WARN")[0]?.message).toMatch(/^Bad line encountered \(skipped\): Invalid Closing Quote/);

    const counts = await put("count.csv", "a,b\n1,2,3\n4,5\n6\n7,8\n");
    const counted = await convert({ type: `${S}.csv.CsvToIon`, from: counts });
    expect(counted.result.state).toBe("FAILED");
    expect(counted.result.error).toBe("Bad line encountered (field count mismatch) at line 2: Expected 2, got 3 fields.");
    const warnedCounts = await convert({ type: `${S}.csv.CsvToIon`, from: counts, onBadLines: "WARN" });
    expect(await text(warnedCounts.uri)).toBe('{a:"4",b:"5"}\n{a:"7",b:"8"}\n');
    expect(warnedCounts.logs.filter((l) => l.level === "WARN").map((l) => l.message)).toEqual([
      "Bad line encountered (field count mismatch) at line 2: Expected 2, got 3 fields.",
      "Bad line encountered (field count mismatch) at line 4: Expected 2, got 1 fields.",
    ]);
    const skipped = await convert({ type: `${S}.csv.CsvToIon`, from: counts, onBadLines: "SKIP" });
    expect(await text(skipped.uri)).toBe('{a:"4",b:"5"}\n{a:"7",b:"8"}\n');
    expect(skipped.logs.filter((l) => l.level === "WARN")).toEqual([]);

    // empty lines are records of one field unless skipped; a field longer than maxFieldSize is a bad line
    const gaps = await put("gaps.csv", "title line\n,,\na,b,\n\n1,2,\nlong,x,\n");
    const kept = await convert({ type: `${S}.csv.CsvToIon`, from: gaps, skipRows: 2, skipEmptyRows: true, maxFieldSize: 3, onBadLines: "WARN" });
    expect(await text(kept.uri)).toBe('{a:"1",b:"2"}\n');
    expect(kept.logs.filter((l) => l.level === "WARN").map((l) => l.message)).toEqual([
      `Bad line encountered (field too long) at line 6: field 1 of ${gaps} is longer than maxFieldSize (3 characters).`,
    ]);
    const renamed = await convert({ type: `${S}.csv.CsvToIon`, from: gaps, skipRows: 2, skipEmptyRows: true, onEmptyHeader: "RENAME" });
    expect(await text(renamed.uri)).toBe('{a:"1",b:"2",col_2:""}\n{a:"long",b:"x",col_2:""}\n');
    const empty = await convert({ type: `${S}.csv.CsvToIon`, from: gaps, skipRows: 2 });
    expect(empty.result.error).toBe("Bad line encountered (field count mismatch) at line 4: Expected 3, got 1 fields.");

    const badProp = await convert({ type: `${S}.csv.CsvToIon`, from, fieldSeparator: ";;" });
    expect(badProp.result.error).toBe('property "fieldSeparator" must be a single character, not ";;"');
    const badCharset = await convert({ type: `${S}.csv.CsvToIon`, from, charset: "klingon" });
    expect(badCharset.result.error).toBe('property "charset": "klingon" is not a supported charset');
  });
});

describe("json.JsonToIon and json.IonToJson", () => {
  it("round-trips JSON lines with numbers, booleans, nulls and nested maps and lists", async () => {
    const lines = [
      '{"id":1,"price":2.5,"ok":true,"none":null,"tags":["a","b"],"owner":{"name":"Zoë","roles":[{"r":"admin"},null,false]}}',
      '{"id":2,"price":-0.001,"ok":false,"none":null,"tags":[],"owner":{}}',
      '"a bare string"',
      "[1,[2,[3]]]",
    ];
    const toIon = await convert({ type: `${S}.json.JsonToIon`, from: await put("rows.jsonl", `${lines.join("\n")}\n\n`) });
    expect(toIon.result.state).toBe("SUCCESS");
    expect(await text(toIon.uri)).toBe(
      '{id:1,price:2.5e0,ok:true,none:null,tags:["a","b"],owner:{name:"Zoë",roles:[{r:"admin"},null,false]}}\n' +
        '{id:2,price:-1e-3,ok:false,none:null,tags:[],owner:{}}\n"a bare string"\n[1,[2,[3]]]\n',
    );
    const back = await convert({ type: `${S}.json.IonToJson`, from: toIon.uri });
    expect(back.result.state).toBe("SUCCESS");
    expect(back.uri).toMatch(/\.jsonl$/);
    expect(await text(back.uri)).toBe(`${lines.join("\n")}\n`);
  });

  it("reads a JSON array (newLine: false) and writes one", async () => {
    const toIon = await convert({ type: `${S}.json.JsonToIon`, from: await put("rows.json", '[\n  {"a": 1},\n  {"a": 2, "b": [true]}\n]'), newLine: false });
    expect(await text(toIon.uri)).toBe("{a:1}\n{a:2,b:[true]}\n");
    const back = await convert({ type: `${S}.json.IonToJson`, from: toIon.uri, newLine: false, charset: "UTF-16LE" });
    expect(back.uri).toMatch(/\.json$/);
    expect(iconv.decode(Buffer.from(await bytes(back.uri)), "UTF-16LE")).toBe('[{"a":1},{"a":2,"b":[true]}]');
  });

  it("writes ION timestamps, decimals and big integers as JSON", async () => {
    const from = await put("typed.ion", "{t:2023-01-02T03:04:05.678+01:00,u:2023-01-02T03:04:05-00:00,d:2023-01-02T,x:1.50,n:12345678901234567890,s:sym}\n");
    const json = await convert({ type: `${S}.json.IonToJson`, from, timeZoneId: "Europe/Paris" });
    expect(await text(json.uri)).toBe('{"t":"2023-01-02T03:04:05.678+01:00","u":"2023-01-02T04:04:05+01:00","d":"2023-01-02","x":1.50,"n":12345678901234567890,"s":"sym"}\n');
  });

  it("fails on malformed JSON or ION with where it is", async () => {
    const bad = await convert({ type: `${S}.json.JsonToIon`, from: await put("bad.jsonl", '{"a":1}\n{"a":\n') });
    expect(bad.result.state).toBe("FAILED");
    expect(bad.result.error).toMatch(/bad\.jsonl line 2 is not valid JSON: /);
    const badIon = await convert({ type: `${S}.json.IonToJson`, from: await put("bad.ion", '{a:1}\n{a: "x"') });
    expect(badIon.result.state).toBe("FAILED");
    expect(badIon.result.error).toMatch(/bad\.ion is not valid ION \(after 1 values\): /);
  });
});

describe("excel.IonToExcel and excel.ExcelToIon", () => {
  it("round-trips ION rows through a workbook of two sheets, with numbers, booleans, dates and formulas", async () => {
    const products = await put("products.ion", '{name:"Lamp, small",price:12.5,qty:3,ok:true,since:2024-02-29T,total:"Formula:B2*C2"}\n{name:"Desk",price:80e0,qty:1,ok:false,since:2023-06-30T22:00:00Z,total:"Formula:B3*C3"}\n');
    const orders = await put("orders.ion", '["A-1",2]\n["A-2",5]\n');
    const bad = await convert({ type: `${S}.excel.IonToExcel`, from: { Products: products, Orders: orders } });
    expect(bad.result.error).toMatch(/orders\.ion: a row is a list, which has no field names for a header/);
    const book = await convert({ type: `${S}.excel.IonToExcel`, from: { Products: products, Copy: products }, timeZoneId: "Europe/Paris" });
    expect(book.result.state).toBe("SUCCESS");
    expect(book.uri).toMatch(/\.xlsx$/);
    expect(book.result.outputs!.size).toBe(4);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await bytes(book.uri)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Products", "Copy"]);
    expect(workbook.getWorksheet("Products")!.getCell("F2").formula).toBe("B2*C2");
    expect(workbook.getWorksheet("Products")!.getCell("E2").numFmt).toBe("yyyy-MM-dd");
    const back = await convert({ type: `${S}.excel.ExcelToIon`, from: book.uri });
    expect(back.result.state).toBe("SUCCESS");
    expect(back.result.outputs!.size).toBe(4);
    const uris = back.result.outputs!.uris as Record<string, string>;
    expect(Object.keys(uris)).toEqual(["Products", "Copy"]);
    expect(await text(uris.Copy)).toBe(await text(uris.Products));
    // numbers are Excel doubles; a timestamp is its day in the time zone (2023-07-01 in Paris); formulas have no cached result yet
    expect(await text(uris.Products)).toBe(
      '{name:"Lamp, small",price:1.25e1,qty:3e0,ok:true,since:2024-02-29T00:00:00Z,total:null}\n{name:"Desk",price:8e1,qty:1e0,ok:false,since:2023-07-01T00:00:00Z,total:null}\n',
    );
    const plain = await convert({ type: `${S}.excel.IonToExcel`, from: orders, header: false, sheetsTitle: "Orders" });
    const rows = await convert({ type: `${S}.excel.ExcelToIon`, from: plain.uri, header: false, sheetsTitle: ["Orders"], skipRows: 1 });
    expect(await text((rows.result.outputs!.uris as Record<string, string>).Orders)).toBe('["A-2",5e0]\n');
    const notBook = await convert({ type: `${S}.excel.ExcelToIon`, from: orders });
    expect(notBook.result.state).toBe("FAILED");
    expect(notBook.result.error).toMatch(/orders\.ion is not a readable Excel \(\.xlsx\) workbook: /);
  });
});

describe("the source file", () => {
  it("must be a file of this execution", async () => {
    const other = await put("theirs.csv", "a\n1\n", "exec2");
    const refused = await convert({ type: `${S}.csv.CsvToIon`, from: other });
    expect(refused.result.state).toBe("FAILED");
    expect(refused.result.error).toBe(`${other} is not a file of this execution`);
    // the same file is read by its own execution
    const own = await run({ id: "convert", type: `${S}.csv.CsvToIon`, from: other }, { tenantId: tenant, execution: execution({ id: "exec2", tenantId: tenant }) });
    expect(own.result.state).toBe("SUCCESS");
    const missing = await convert({ type: `${S}.json.JsonToIon`, from: "https://example.com/x.json" });
    expect(missing.result.error).toBe('"https://example.com/x.json" is not a kestra:/// URI of the internal storage');
  });
});

describe("a flow chaining conversions", () => {
  let roles: Role[] = [];
  let ctx: TenantContext;
  beforeAll(async () => {
    await emptyQueue();
    installEngine();
    roles = [runExecutor({ pollMs: 100 }), runWorker({ pollMs: 100, concurrency: 1, leaseMs: 30_000, heartbeatMs: 300 })];
    ctx = await tenantContext(cliActor(), (await makeTenant()).id);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(roles.map((r) => r.stop()));
    await closeFollowers();
    resetEngine();
  });

  it("storage.Write, then CsvToIon, IonToJson and a Log of the result", async () => {
    await createFlow(
      ctx,
      `id: csv_pipeline
namespace: ${NS}
tasks:
  - id: write
    type: io.kestra.plugin.core.storage.Write
    extension: .csv
    content: |
      product,price
      "Lamp, small",12.5
      Desk,\\N
  - id: to_ion
    type: io.kestra.plugin.serdes.csv.CsvReader
    from: "{{ outputs.write.uri }}"
  - id: to_json
    type: ${S}.json.IonToJson
    from: "{{ outputs.to_ion.uri }}"
  - id: show
    type: io.kestra.plugin.core.log.Log
    message: "{{ read(outputs.to_json.uri) }}"`,
    );
    const started = await startExecution(ctx, { namespace: NS, flowId: "csv_pipeline", inputs: {} });
    const done = await waitForEnd(ctx, started.id, 60_000);
    expect(done.state.current).toBe("SUCCESS");
    const exec = await getExecution(ctx, done.id);
    const outputs = Object.fromEntries(exec.taskRunList.map((t: { taskId: string; outputs?: unknown }) => [t.taskId, t.outputs as { uri: string }]));
    expect(outputs.to_ion!.uri).toMatch(new RegExp(`^kestra:///company/team/csv_pipeline/executions/${done.id}/tasks/to_ion/.+\\.ion$`));
    expect(outputs.to_json!.uri).toMatch(/\.jsonl$/);
    const logs = (await listLogs(ctx, done.id, { size: 100 })).results.map((l: { message: string }) => l.message);
    expect(logs).toContain('{"product":"Lamp, small","price":"12.5"}\n{"product":"Desk","price":null}\n');
  });
});
