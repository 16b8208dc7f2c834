import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/domain-error";
import { openEventStream, openStreamCount } from "./event-stream";
import { Hub } from "./hub";

describe("built-in event streams past what an instance holds", () => {
  const open = (hub: Hub, maxStreams: number) => {
    const aborter = new AbortController();
    const response = openEventStream({ hub, channels: ["private-test"], signal: aborter.signal, maxStreams });
    return { response, aborter };
  };
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error;
    }
    throw new Error("the stream was opened");
  };

  it("refuses one more than maxStreams, saying when to try again, and takes it once one ends", async () => {
    const hub = new Hub();
    const before = openStreamCount();
    const first = open(hub, before + 2);
    const second = open(hub, before + 2);
    expect(openStreamCount()).toBe(before + 2);
    expect(hub.size).toBe(2);

    const refused = refusal(() => open(hub, before + 2));
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: "realtime_busy", retryAfterSeconds: 5 });
    expect(hub.size).toBe(2); // nothing was subscribed for it

    // The client leaves: the abort and the body's cancel both end it, and it counts once.
    first.aborter.abort();
    await first.response.body?.cancel();
    expect(openStreamCount()).toBe(before + 1);
    expect(hub.size).toBe(1);
    const third = open(hub, before + 2);
    expect(openStreamCount()).toBe(before + 2);

    for (const stream of [second, third]) stream.aborter.abort();
    expect(openStreamCount()).toBe(before);
    expect(hub.size).toBe(0);
  });

  it("takes no place for a client that left before its stream was opened", () => {
    const hub = new Hub();
    const before = openStreamCount();
    openEventStream({ hub, channels: ["private-test"], signal: AbortSignal.abort(), maxStreams: before + 1 });
    expect(openStreamCount()).toBe(before);
    expect(hub.size).toBe(0);
  });

  it("frees the place of a stream whose session ended", async () => {
    const hub = new Hub();
    const before = openStreamCount();
    const aborter = new AbortController();
    const response = openEventStream({
      hub,
      channels: ["private-test"],
      closeOn: ["private-session-1"],
      signal: aborter.signal,
      maxStreams: before + 1,
    });
    expect(openStreamCount()).toBe(before + 1);
    hub.deliver(JSON.stringify({ channel: "private-session-1", name: "session.ended", data: {} }));
    expect(openStreamCount()).toBe(before);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let done = false;
    while (!done) done = (await reader.read()).done;
  });
});
