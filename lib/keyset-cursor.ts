import { z } from "zod";

/**
 * An opaque keyset cursor for lists sorted newest first by (time, id): the sort key of the last
 * row shown, so the next page is one range scan however long the list grows.
 */
const cursorSchema = z.object({
  // Bounded to years Postgres and JavaScript agree on, so a hand-made cursor cannot reach the database as an error.
  t: z.iso.datetime().refine((t) => {
    const year = new Date(t).getUTCFullYear();
    return year >= 1970 && year <= 9999;
  }),
  id: z.uuid(),
});

export type KeysetPosition = z.output<typeof cursorSchema>;

/** `time` as a Date, or as an ISO string when the column keeps microseconds a Date would drop. */
export const encodeCursor = (time: Date | string, id: string) =>
  Buffer.from(JSON.stringify({ t: typeof time === "string" ? time : time.toISOString(), id })).toString(
    "base64url",
  );

export function decodeCursor(cursor: string | undefined): KeysetPosition | undefined {
  if (!cursor) return undefined;
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString()));
  } catch {
    return undefined; // a stale or hand-edited cursor starts from the top rather than failing
  }
}
