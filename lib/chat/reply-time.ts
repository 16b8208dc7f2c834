import type { Workspace } from "@/db/schema";

export type ReplyTime = Workspace["chatReplyTime"];

/** What the chat page says for each setting of a workspace's usual reply time. */
export const REPLY_TIME_WORDS: Record<ReplyTime, string> = {
  minutes: "We usually reply in a few minutes",
  hour: "We usually reply within an hour",
  hours: "We usually reply within a few hours",
  day: "We usually reply within a day",
};
