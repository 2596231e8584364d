import "server-only";

// Server-Sent Events from an async iterator: one `data:` event per value (with `id:` when the
// value names one), a comment line as heartbeat while nothing happens, and the stream ends when
// the iterator does. The first value is read before answering, so a refusal (404, 403) is still
// an ordinary JSON error.

export const HEARTBEAT_MS = 15_000;

type Item = { id?: number | string; event?: string; data: unknown };

const frame = (item: Item) =>
  `${item.id !== undefined ? `id: ${item.id}\n` : ""}${item.event ? `event: ${item.event}\n` : ""}data: ${JSON.stringify(item.data)}\n\n`;

export async function sseResponse(
  open: (signal: AbortSignal) => AsyncGenerator<Item>,
  opts: { signal?: AbortSignal; heartbeatMs?: number } = {},
): Promise<Response> {
  const controller = new AbortController();
  opts.signal?.addEventListener("abort", () => controller.abort(), { once: true });
  const items = open(controller.signal);
  const first = await items.next();
  const encoder = new TextEncoder();
  let beat: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(out) {
      beat = setInterval(() => out.enqueue(encoder.encode(": heartbeat\n\n")), opts.heartbeatMs ?? HEARTBEAT_MS);
      try {
        if (!first.done) out.enqueue(encoder.encode(frame(first.value)));
        if (!first.done) for await (const item of { [Symbol.asyncIterator]: () => items }) out.enqueue(encoder.encode(frame(item)));
        out.close();
      } catch (e) {
        // the stream already answered 200: it ends, and the error is logged on the server
        if (!controller.signal.aborted) console.error("event stream failed:", e instanceof Error ? e.stack : e);
        try {
          out.close();
        } catch {
          // already closed by the client
        }
      } finally {
        clearInterval(beat);
      }
    },
    cancel() {
      clearInterval(beat);
      controller.abort();
      void items.return(undefined);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
