import { sql } from "drizzle-orm";

/**
 * Many rows as one bound parameter, for `jsonb_to_recordset(…) as t(column type, …)`. A thousand
 * rows bound one value at a time are thousands of parameters to send, parse and plan; as one
 * JSON value they are one. Dates become ISO strings, which Postgres casts back exactly.
 */
export const jsonRows = (rows: readonly object[]) => sql`${JSON.stringify(rows)}::jsonb`;
