import { describe, expect, it } from "vitest";
import { sseResponse } from "./sse";

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, seen: string[], want: (text: string) => boolean) {
  while (!want(seen.join(""))) {
    const { done, value } = await reader.read();
    if (done) return false;
    seen.push(new TextDecoder().decode(value));
  }
  return true;
}

describe("sseResponse", () => {
  it("sends each value as an event with its id, heartbeat comments while waiting, and ends with the values", async () => {
    let release!: () => void;
    const waiting = new Promise<void>((r) => (release = r));
    const res = await sseResponse(
      async function* () {
        yield { id: 1, event: "log", data: { message: "first" } };
        await waiting;
        yield { id: 2, event: "log", data: { message: "second" } };
      },
      { heartbeatMs: 5 },
    );
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    const seen: string[] = [];
    expect(await readUntil(reader, seen, (t) => t.includes(": heartbeat\n\n"))).toBe(true);
    release();
    expect(await readUntil(reader, seen, (t) => t.includes("id: 2"))).toBe(true);
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    const text = seen.join("");
    expect(text.startsWith('id: 1\nevent: log\ndata: {"message":"first"}\n\n')).toBe(true);
    expect(text.endsWith('id: 2\nevent: log\ndata: {"message":"second"}\n\n')).toBe(true);
  });

  it("throws the first value's refusal before answering, so it is answered as an error", async () => {
    await expect(
      sseResponse(async function* () {
        throw new Error("not found");
      }),
    ).rejects.toThrow("not found");
  });

  it("stops the source when the client goes away", async () => {
    let stopped = false;
    const res = await sseResponse(async function* (signal) {
      try {
        yield { data: 1 };
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
      } finally {
        stopped = signal.aborted;
      }
    });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(stopped).toBe(true);
  });
});
