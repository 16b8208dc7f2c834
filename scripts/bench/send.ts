/**
 * Sending: `senders` team members at once, each sending `sendsPerSender` messages in turn into a
 * thread of theirs, through the real send path (the messenger's server action over HTTP), beside
 * the same writes issued straight to Postgres with pg (the baseline).
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { Pool } from "pg";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows-of";
import { BENCH_PASSWORD, memberEmail } from "./generate";
import { actionId, callAction, signIn } from "./http";
import type { Scale } from "./scales";
import { concurrently, percentile } from "./stats";

type Sender = { email: string; userId: string; workspaceId: string; conversationId: string; cookie: string };

/** Members 2, 3, …, each with an internal thread of their own to send to (no two share one). */
export async function prepareSenders(db: Db, baseUrl: string, scale: Scale): Promise<Sender[]> {
  const emails = Array.from({ length: scale.senders }, (_, i) => memberEmail(i + 2));
  const candidates = await rowsOf<Omit<Sender, "cookie">>(
    db,
    sql`select email, "userId", "workspaceId", "conversationId" from (
          select u.email, u.id as "userId", u.workspace_id as "workspaceId", p.conversation_id as "conversationId",
                 row_number() over (partition by u.id order by p.last_message_at desc) as rank
          from users u join participants p on p.user_id = u.id
          where u.email = any(${sql.param(emails)}::text[]) and p.kind = 'internal' and not p.on_item) ranked
        where rank <= ${scale.senders} order by email, rank`,
  );
  const taken = new Set<string>();
  const senders: Sender[] = [];
  for (const email of emails) {
    const pick = candidates.find((row) => row.email === email && !taken.has(row.conversationId));
    if (!pick) throw new Error(`${email} has no internal thread of their own to send to`);
    taken.add(pick.conversationId);
    senders.push({ ...pick, cookie: await signIn(baseUrl, email, BENCH_PASSWORD) });
  }
  return senders;
}

/** Through the app: the messenger's sendMessageAction, called as the browser calls it. */
export async function measureSend(baseUrl: string, senders: Sender[], scale: Scale) {
  const id = actionId("app/(app)/messenger/actions.ts", "sendMessageAction");
  const send = async (sender: Sender, i: number) => {
    const answer = (await callAction(baseUrl, {
      page: `/messenger/c/${sender.conversationId}`,
      id,
      cookie: sender.cookie,
      args: [
        { conversationId: sender.conversationId, body: `Bench message ${i}`, clientMessageId: randomUUID() },
      ],
    })) as { ok: boolean; message?: string };
    if (!answer.ok) throw new Error(`a send was refused: ${JSON.stringify(answer)}`);
  };
  const { latencies, seconds } = await concurrently(senders.length, scale.sendsPerSender, (worker, i) =>
    send(senders[worker] as Sender, i),
  );
  return { send_per_s: latencies.length / seconds, send_p95_ms: percentile(latencies, 0.95) };
}

/**
 * The baseline: what a send writes, as plain SQL in one transaction on a pg connection of its own:
 * lock the thread and take the next number, append the message, move everyone's list columns, plan
 * each recipient's email, and NOTIFY.
 */
export async function measureSendBaseline(databaseUrl: string, senders: Sender[], scale: Scale) {
  const pool = new Pool({ connectionString: databaseUrl, max: senders.length });
  const send = async (sender: Sender, i: number) => {
    const client = await pool.connect();
    try {
      await client.query("begin");
      const { rows } = await client.query<{ seq: number }>(
        `update conversations set last_message_seq = last_message_seq + 1, last_message_at = now()
         where id = $1 returning last_message_seq as seq`,
        [sender.conversationId],
      );
      const seq = rows[0]?.seq;
      const message = await client.query<{ id: string }>(
        `insert into messages (workspace_id, conversation_id, seq, author_kind, author_user_id, body, client_message_id)
         values ($1, $2, $3, 'user', $4, $5, $6) returning id`,
        [
          sender.workspaceId,
          sender.conversationId,
          seq,
          sender.userId,
          `Baseline message ${i}`,
          randomUUID(),
        ],
      );
      await client.query(
        `update participants set latest_seq = $2, last_message_at = now(),
           has_sent = has_sent or user_id = $3, has_received = has_received or user_id is distinct from $3,
           last_read_seq = case when user_id = $3 then $2 else last_read_seq end
         where conversation_id = $1`,
        [sender.conversationId, seq, sender.userId],
      );
      await client.query(
        `insert into deliveries (workspace_id, message_id, conversation_id, recipient_user_id, channel, due_at)
         select workspace_id, $2, conversation_id, user_id, 'email', now() + interval '60 seconds'
         from participants where conversation_id = $1 and user_id <> $3`,
        [sender.conversationId, message.rows[0]?.id, sender.userId],
      );
      await client.query("select pg_notify('bench_baseline', $1)", [
        JSON.stringify({ conversationId: sender.conversationId, seq }),
      ]);
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw error;
    } finally {
      client.release();
    }
  };
  try {
    const { latencies, seconds } = await concurrently(senders.length, scale.sendsPerSender, (worker, i) =>
      send(senders[worker] as Sender, i),
    );
    return {
      send_baseline_per_s: latencies.length / seconds,
      send_baseline_p95_ms: percentile(latencies, 0.95),
    };
  } finally {
    await pool.end();
  }
}
