import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows-of";

/** The longest a sender waits for its slot; past that (a provider's long retry-after) it stops until the next sweep. */
export const MAX_PACE_WAIT_MS = 10_000;

/**
 * Takes the next free slot of the provider's shared pace (the `email_send_pace` row), if a batch is
 * due: `requestsPerSecond` slots a second across every instance, timed on the database's clock.
 * Returns how long to wait before sending, or null when nothing is due or the next slot is more
 * than MAX_PACE_WAIT_MS away. One statement, so nothing is held while the caller waits; a slot is
 * taken only when a batch is due, so an idle sweep does not push the pace.
 */
export async function takeSendSlot(
  db: Db,
  {
    provider,
    requestsPerSecond,
    now,
    batchId,
  }: { provider: string; requestsPerSecond: number; now: Date; batchId?: string },
): Promise<number | null> {
  const gap = sql`make_interval(secs => ${1 / requestsPerSecond}::float8)`;
  const [slot] = await rowsOf<{ waitMs: number }>(
    db,
    sql`
      with due as (
        select 1 from email_batches
        where status = 'pending' and next_attempt_at <= ${now}
          ${batchId ? sql`and id = ${batchId}` : sql``}
        limit 1 for update skip locked)
      insert into email_send_pace as pace (provider, next_slot_at)
      select ${provider}, clock_timestamp() + ${gap} from due
      on conflict (provider) do update set next_slot_at = greatest(pace.next_slot_at, clock_timestamp()) + ${gap}
        where pace.next_slot_at <= clock_timestamp() + make_interval(secs => ${MAX_PACE_WAIT_MS / 1000}::float8)
      returning greatest(0, extract(epoch from pace.next_slot_at - ${gap} - clock_timestamp()) * 1000)::float8 as "waitMs"`,
  );
  return slot ? slot.waitMs : null;
}

/** The provider asked every sender to hold off (a 429's retry-after): no instance takes a slot before then. */
export async function holdOffSends(db: Db, { provider, ms }: { provider: string; ms: number }) {
  await db.execute(sql`
    insert into email_send_pace as pace (provider, next_slot_at)
    values (${provider}, clock_timestamp() + make_interval(secs => ${ms / 1000}::float8))
    on conflict (provider) do update set next_slot_at = greatest(pace.next_slot_at, excluded.next_slot_at)`);
}
