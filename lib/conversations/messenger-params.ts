import { z } from "zod";
import { viewId } from "./views";

/** The messenger's query string: which view, which page of it, and whether a draft is open. */
export const messengerParams = z.object({
  view: viewId.catch("inbox"),
  cursor: z.string().max(200).optional().catch(undefined),
  draft: z.enum(["user", "customer"]).optional().catch(undefined),
});
