/**
 * Latency of the built-in realtime driver, from commit to receipt in a client.
 *   npm run bench:realtime                          # embedded PGlite
 *   DATABASE_URL=postgres://… npm run bench:realtime  # Postgres LISTEN/NOTIFY (a throwaway database)
 *   options: --clients 200 --messages 1000
 *
 * It serves the same Server-Sent Events stream the app serves (lib/realtime/event-stream.ts, fed by
 * the LISTEN hub) on a local port, connects the clients to it over HTTP, and sends messages through
 * the real postMessage(). The clock starts when the transaction has committed and publishing begins.
 */
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { createTestDb, createWorkspace, startTestConversation } from "@/db/testing";
import { postMessage } from "@/lib/conversations/post-message";
import { conversationChannel } from "@/lib/realtime/channels";
import { openEventStream } from "@/lib/realtime/event-stream";
import { pgliteSource, postgresSource, startHub } from "@/lib/realtime/hub";
import { notifyDriver } from "@/lib/realtime/notify";
import { setRealtimeDriver } from "@/lib/realtime/publish";

const { values } = parseArgs({
  options: { clients: { type: "string", default: "200" }, messages: { type: "string", default: "1000" } },
});
const clientCount = Number(values.clients);
const messageCount = Number(values.messages);
// One author stands in for a whole busy helpdesk here: the per-person limit is not what this measures.
process.env.MESSAGES_PER_MINUTE = "100000";

const connection = await createTestDb();
const { db } = connection;
const acme = await createWorkspace(connection, { slug: "bench", team: ["Alice Admin", "Bob Builder"] });
const alice = acme.member("Alice Admin");

// Stamp each message when its transaction has committed and its notification is handed over.
const sentAt = new Map<string, number>();
const notify = notifyDriver(db);
setRealtimeDriver({
  ...notify,
  async publish(events) {
    const now = performance.timeOrigin + performance.now();
    for (const event of events) if (event.name === "message.new") sentAt.set(event.data.messageId, now);
    await notify.publish(events);
  },
});

const { conversationId } = await startTestConversation(db, {
  from: alice,
  to: [acme.team[1]?.id as string],
});
const channel = conversationChannel(conversationId);

const listen = process.env.DATABASE_URL
  ? postgresSource(await databaseUrlOf(connection))
  : pgliteSource(connection.pglite as NonNullable<typeof connection.pglite>);
const { hub, stop } = await startHub(listen);
const server = createServer((request, response) => {
  const abort = new AbortController();
  request.on("close", () => abort.abort());
  const stream = openEventStream({ hub, channels: [channel], signal: abort.signal });
  response.writeHead(200, Object.fromEntries(stream.headers));
  void (async () => {
    for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) response.write(chunk);
  })();
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

// The clients live in other processes (one per core), as browsers would: the server's event
// loop is not also parsing 200 streams, and the clock is the machine's wall clock on both sides.
const processes = Array.from({ length: 2 }, (_, index) => {
  const share = Math.floor(clientCount / 2) + (index < clientCount % 2 ? 1 : 0);
  return fork(path.join(import.meta.dirname, "bench-realtime-client.ts"), [url, String(share)], {
    execArgv: ["--import", "tsx"],
  });
});
let connected = 0;
for (const child of processes)
  child.on("message", (m: { type: string }) => m.type === "connected" && connected++);
while (connected < clientCount) await new Promise((resolve) => setTimeout(resolve, 50));
while (hub.size < clientCount) await new Promise((resolve) => setTimeout(resolve, 50));
console.log(`driver: builtin over ${process.env.DATABASE_URL ? "postgres" : "pglite"}`);
console.log(`clients connected: ${hub.size}`);

const started = performance.now();
for (let i = 0; i < messageCount; i++) {
  const tick = performance.now();
  await postMessage(db, {
    actor: alice,
    conversationId,
    body: `benchmark message ${i}`,
    clientMessageId: randomUUID(),
  });
  // A steady 100 messages a second: a busy helpdesk, not a flood that only measures queueing.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10 - (performance.now() - tick))));
}
await new Promise((resolve) => setTimeout(resolve, 2_000)); // let the last ones arrive
const elapsed = performance.now() - started;

const receipts = (
  await Promise.all(
    processes.map(
      (child) =>
        new Promise<[string, number][]>((resolve) => {
          child.on("message", (m: { type: string; receipts?: [string, number][] }) => {
            if (m.type === "receipts") resolve(m.receipts ?? []);
          });
          child.send({ type: "report" });
        }),
    ),
  )
).flat();
const latencies = receipts
  .map(([id, at]) => at - (sentAt.get(id) ?? Number.NaN))
  .filter((ms) => !Number.isNaN(ms))
  .sort((a, b) => a - b);
const expected = clientCount * messageCount;
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]?.toFixed(1);
console.log(
  `messages: ${messageCount} (at most 100/s), deliveries: ${latencies.length} of ${expected}, in ${(elapsed / 1000).toFixed(1)} s`,
);
console.log(
  `commit → receipt: p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, p99 ${pct(0.99)} ms, max ${pct(1)} ms`,
);

for (const child of processes) child.kill();
server.closeAllConnections();
server.close();
await stop();
await connection.close();
process.exit(latencies.length === expected ? 0 : 1);

/** The throwaway database's own URL, for the LISTEN connection. */
async function databaseUrlOf(conn: typeof connection) {
  const result = (await conn.db.execute("select current_database() as name")) as unknown as {
    rows: { name: string }[];
  };
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${result.rows[0]?.name}`;
  return url.toString();
}
