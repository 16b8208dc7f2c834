import { z } from "zod";
import { queryText } from "@/lib/query-params";

/** The note the chat page shows after a conversation link it could not honour (see open/route.ts). */
export const chatHomeQuery = z.object({ link: z.enum(["expired", "other"]).optional().catch(undefined) });

/** An emailed sign-in link's landing page: `?token=`. */
export const signInLinkQuery = z.object({ token: queryText(200) });

/** A customer email's Unsubscribe link: `?t=`. */
export const unsubscribeQuery = z.object({ t: queryText(500) });

/** A conversation email's button: `?c=<conversation>&t=<signed link>`. */
export const conversationLinkQuery = z.object({ c: queryText(100), t: queryText(1000) });

/** The same rule public/widget.js applies to data-workspace. */
const slug = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/i)
  .transform((value) => value.toLowerCase());

/** The widget demo page demos another workspace with `?workspace=<slug>`, else the seeded one. */
export const widgetDemoQuery = z.object({ workspace: slug.catch("acme") });
