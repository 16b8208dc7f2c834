import { z } from "zod";
import { VIEWS, type ViewId, viewId } from "./views";

/** What the messenger's list pane shows: a view of conversations, or Mentions (messages that mention me). */
export type MessengerView = ViewId | "mentions";

/** The messenger's query string: which view, which page of it, whether a draft is open, and at which message. */
export const messengerParams = z.object({
  view: z.union([viewId, z.literal("mentions")]).catch("inbox"),
  cursor: z.string().max(200).optional().catch(undefined),
  draft: z.enum(["user", "customer"]).optional().catch(undefined),
  /** The message a link opened the thread at (a search result, a mention). */
  message: z.string().max(100).optional().catch(undefined),
});

export const viewLabel = (view: MessengerView) => (view === "mentions" ? "Mentions" : VIEWS[view].label);
