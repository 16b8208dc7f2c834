import { DomainError } from "@/lib/domain-error";
import type { Hub } from "./hub";

const HEARTBEAT_MS = 15_000;
/** A refused page tries again by itself, backing off from a second up (realtime-provider.tsx). */
const BUSY_RETRY_SECONDS = 5;

/**
 * Streams open in this process. Next keeps each one's whole request (its async stack, about 90 kB
 * of heap) alive while it is open, so an instance with a 256 MB heap dies near 2,100 of them,
 * taking every stream with it; past `maxStreams` a new one is refused instead.
 */
let openStreams = 0;
export const openStreamCount = () => openStreams;

/**
 * A Server-Sent Events response fed by the hub. Each event is `event: <name>` with
 * `data: {"channel": …, "data": …}`; `resync` tells the client to catch up from the database.
 * An event on one of `closeOn` (the listener's session channels) ends the stream at once: the
 * session it was opened with has ended, so nothing more may reach it. Past `maxStreams` open in this
 * process it throws `realtime_busy`.
 */
export function openEventStream({
  hub,
  channels,
  closeOn = [],
  signal,
  maxStreams,
}: {
  hub: Hub;
  channels: string[];
  closeOn?: string[];
  signal: AbortSignal;
  maxStreams: number;
}) {
  if (openStreams >= maxStreams)
    throw new DomainError(
      "realtime_busy",
      "This server has as many live connections as it can hold. Trying again shortly.",
      BUSY_RETRY_SECONDS,
    );
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
      openStreams++;
      let ended = false;
      cleanup = () => {
        // Called by the abort, by cancel and by a closing session, often more than one of them.
        if (ended) return;
        ended = true;
        openStreams--;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      // A client that left while it was being let in has aborted already: its abort event is gone.
      if (signal.aborted) cleanup();
      else signal.addEventListener("abort", () => cleanup());
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
