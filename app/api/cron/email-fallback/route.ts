import { createHash, timingSafeEqual } from "node:crypto";
import { getDb } from "@/db";
import { answeringDomainErrors, DomainError } from "@/lib/domain-error";
import { getEnv } from "@/lib/env";
import { runEmailSweep } from "@/lib/notifications/email-sweep";
import { pruneOldRecordsNowAndThen } from "@/lib/notifications/prune-old-records";
import { runPushSweep } from "@/lib/notifications/push-sweep";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The email fallback and push sweeps for a scheduler (vercel.json runs them every minute), which
 * also prune ended rate-limit windows now and then: `Authorization: Bearer <CRON_SECRET>`.
 */
function handle(request: Request) {
  return answeringDomainErrors(async () => {
    const env = getEnv();
    if (!env.CRON_SECRET) {
      // In production an open sweep endpoint would be a way to hammer the provider.
      if (env.NODE_ENV === "production")
        throw new DomainError("cron_secret_not_set", "Set CRON_SECRET to run the sweep from a scheduler.");
    } else if (!bearerMatches(request.headers.get("authorization"), env.CRON_SECRET)) {
      throw new DomainError("unauthorized", "Send Authorization: Bearer <CRON_SECRET>.");
    }
    const db = await getDb();
    const [email, push] = await Promise.all([runEmailSweep(db), runPushSweep(db)]);
    await pruneOldRecordsNowAndThen(db);
    return Response.json({ ...email, push });
  });
}

/** Compared as fixed-length digests, in constant time. */
function bearerMatches(header: string | null, secret: string) {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(header ?? ""), digest(`Bearer ${secret}`));
}

export { handle as GET, handle as POST };
