import { eq } from "drizzle-orm";
import { messages } from "@/db/schema";

/**
 * What a customer may see of a thread: its public messages, and nothing else. Internal notes are
 * the team's, and so are system lines (appendMessage makes them internal in a customer thread).
 * Every customer read, realtime payload, email and unread count goes through this rule: the
 * predicate for a message in hand, the condition for a query.
 */
export const customerMaySee = (message: { visibility: "public" | "internal" }) =>
  message.visibility === "public";

export const customerVisible = eq(messages.visibility, "public");
