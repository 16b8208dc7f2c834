"use server";

import { z } from "zod";
import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { setEmailSubscription } from "@/lib/notifications/unsubscribe-links";
import { runAction } from "@/lib/server-action";

/**
 * The Unsubscribe and Subscribe again buttons of the page an email's unsubscribe link opens. No
 * session: the signed link, for one person of one workspace, is the credential.
 */
export async function setEmailSubscriptionAction(input: { token: string; subscribed: boolean }) {
  return runAction(
    z.object({ token: z.string().min(1).max(1000), subscribed: z.boolean() }),
    input,
    async (data) => setEmailSubscription(await getDb(), { ...data, secret: getEnv().AUTH_SECRET }),
  );
}
