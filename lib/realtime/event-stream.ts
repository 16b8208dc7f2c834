import type { Hub } from "./hub";

const HEARTBEAT_MS = 15_000;

/**
 * A Server-Sent Events response fed by the hub. Each event is `event: <name>` with
 * `data: {"channel": …, "data": …}`; `resync` tells the client to catch up from the database.
 * An event on one of `closeOn` (the listener's session channels) ends the stream at once: the
 * session it was opened with has ended, so nothing more may reach it.
 */
export function openEventStream({
  hub,
  channels,
  closeOn = [],
  signal,
}: {
  hub: Hub;
  channels: string[];
  closeOn?: string[];
  signal: AbortSignal;
}) {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup(); // the client is gone
        }
      };
      const unsubscribe = hub.subscribe(
        [...channels, ...closeOn],
        (event) => {
          if (closeOn.includes(event.channel)) return cleanup();
          write(
            `event: ${event.name}\ndata: ${JSON.stringify({ channel: event.channel, data: event.data })}\n\n`,
          );
        },
        () => write("event: resync\ndata: {}\n\n"),
      );
      // Proxies close idle connections; a comment every 15 s keeps this one open.
      const heartbeat = setInterval(() => write(": ping\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      signal.addEventListener("abort", () => cleanup());
      write("retry: 2000\n: connected\n\n");
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
      Connection: "keep-alive",
    },
  });
}
