/**
 * Child process of bench-realtime: opens `clients` event streams to the URL it is given and
 * reports, for every message.new received, the message id and the wall-clock time of receipt.
 */
const [url, count] = [process.argv[2] as string, Number(process.argv[3])];
const now = () => performance.timeOrigin + performance.now();
const receipts: [string, number][] = [];

async function listen() {
  const response = await fetch(url);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  process.send?.({ type: "connected" });
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!frame.startsWith("event: message.new")) continue;
      const id = /"messageId":"([^"]+)"/.exec(frame)?.[1];
      if (id) receipts.push([id, now()]);
    }
  }
}

for (let i = 0; i < count; i++) void listen();
process.on("message", (message: { type: string }) => {
  if (message.type === "report") process.send?.({ type: "receipts", receipts }, () => process.exit(0));
});
