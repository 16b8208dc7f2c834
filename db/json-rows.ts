import { sql } from "drizzle-orm";

/**
 * Many rows as one bound parameter, for `json_to_recordset(…) as t(column type, …)`. A thousand
 * rows bound one value at a time are thousands of parameters to send, parse and plan; as one
 * JSON value they are one. Dates become ISO strings, which Postgres casts back exactly. For short
 * values (ids, flags): Postgres parses JSON slower than it binds parameters, so long text such
 * as an email's HTML is better sent as ordinary parameters.
 */
export const jsonRows = (rows: readonly object[]) => sql`${JSON.stringify(rows)}::json`;
