/**
 * Realtime on the built-in driver: `realtimeClients` event streams open on one thread (its team
 * members, each in many tabs), in two client processes; a member sends `realtimeMessages` through
 * the app at 20 a second. Each receipt is timed from the message's created_at, taken when its
 * transaction began (a few milliseconds before it commits, so the figure errs on the high side).
 */
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows-of";
import { conversationChannel } from "@/lib/realtime/channels";
import { BENCH_PASSWORD } from "./generate";
import { actionId, callAction, signIn } from "./http";
import type { Scale } from "./scales";
import { percentile } from "./stats";

const PROCESSES = 2;
const MESSAGES_PER_SECOND = 20;

export async function measureRealtime(db: Db, baseUrl: string, scale: Scale, conversationId: string) {
  const people = await rowsOf<{ email: string; id: string }>(
    db,
    sql`select u.email, u.id from participants p join users u on u.id = p.user_id
        where p.conversation_id = ${conversationId} order by u.email`,
  );
  const cookies = await Promise.all(people.map((person) => signIn(baseUrl, person.email, BENCH_PASSWORD)));
  const url = `${baseUrl}/api/realtime/stream?channel=${conversationChannel(conversationId)}`;
  const streams = Array.from({ length: scale.realtimeClients }, (_, i) => ({
    url,
    cookie: cookies[i % cookies.length] as string,
  }));
  const children = Array.from({ length: PROCESSES }, () =>
    fork(path.join(import.meta.dirname, "realtime-client.ts"), [], { execArgv: ["--import", "tsx"] }),
  );
  try {
    let open = 0;
    const connected = new Promise<void>((resolve, reject) => {
      for (const child of children)
        child.on("message", (m: { type: string; error?: string }) => {
          if (m.type === "failed") reject(new Error(`a stream failed: ${m.error}`));
          if (m.type === "connected" && ++open === streams.length) resolve();
        });
    });
    children.forEach((child, index) => {
      child.send({ type: "open", streams: streams.filter((_, i) => i % PROCESSES === index) });
    });
    await connected;

    const send = actionId("app/(app)/messenger/actions.ts", "sendMessageAction");
    const sent: string[] = [];
    for (let i = 0; i < scale.realtimeMessages; i++) {
      const tick = performance.now();
      const answer = (await callAction(baseUrl, {
        page: `/messenger/c/${conversationId}`,
        id: send,
        cookie: cookies[0] as string,
        args: [{ conversationId, body: `Realtime bench ${i}`, clientMessageId: randomUUID() }],
      })) as { ok: boolean; data?: { messageId: string } };
      if (!answer.ok || !answer.data) throw new Error(`a send was refused: ${JSON.stringify(answer)}`);
      sent.push(answer.data.messageId);
      const wait = 1000 / MESSAGES_PER_SECOND - (performance.now() - tick);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // the last ones arrive

    const receipts = (
      await Promise.all(
        children.map(
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
    const createdAt = new Map(
      (
        await rowsOf<{ id: string; at: number }>(
          db,
          sql`select id, extract(epoch from created_at) * 1000 as at from messages where id = any(${sql.param(sent)}::uuid[])`,
        )
      ).map((row) => [row.id, Number(row.at)]),
    );
    const latencies = receipts.flatMap(([id, at]) => {
      const start = createdAt.get(id);
      return start === undefined ? [] : [at - start];
    });
    const expected = sent.length * streams.length;
    if (latencies.length !== expected)
      throw new Error(`only ${latencies.length} of ${expected} messages reached their streams`);
    return { realtime_p95_ms: percentile(latencies, 0.95) };
  } finally {
    for (const child of children) child.kill();
  }
}
