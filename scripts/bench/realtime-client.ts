/**
 * Child process of the realtime measure (realtime.ts): opens the event streams it is sent, each
 * `{ url, cookie }`, and reports, for every message.new received, the message id and the wall-clock
 * time of receipt. In a process of its own, as browsers would be: the server's event loop is not
 * also parsing a thousand streams.
 */
const now = () => performance.timeOrigin + performance.now();
const receipts: [string, number][] = [];
let opened = 0;

async function listen(url: string, cookie: string) {
  const response = await fetch(url, { headers: { cookie, accept: "text/event-stream" } });
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  opened++;
  process.send?.({ type: "connected", opened });
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

process.on("message", (message: { type: string; streams?: { url: string; cookie: string }[] }) => {
  if (message.type === "open")
    for (const { url, cookie } of message.streams ?? [])
      listen(url, cookie).catch((error: Error) => process.send?.({ type: "failed", error: error.message }));
  if (message.type === "report") process.send?.({ type: "receipts", receipts }, () => process.exit(0));
});
