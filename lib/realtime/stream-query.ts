import { z } from "zod";

const MAX_CHANNELS = 20;

/** The built-in stream's query: `?channel=<name>`, repeatable, each channel once. */
export const streamQuery = z.object({
  channel: z
    .union([z.string(), z.array(z.string())])
    .transform((channel) => [...new Set([channel].flat())])
    .pipe(z.array(z.string().max(200)).min(1).max(MAX_CHANNELS)),
});
