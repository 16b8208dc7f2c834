import { RelativeTime } from "@/components/ui/relative-time";
import type { listEmailProblems, listPushProblems } from "@/lib/settings/workspace-settings";

type EmailProblem = Awaited<ReturnType<typeof listEmailProblems>>[number];
type PushProblem = Awaited<ReturnType<typeof listPushProblems>>[number];

/** One row of the list, whichever channel it came from. */
type Row = {
  key: string;
  channel: "Email" | "Push";
  recipient: string;
  subject: string | null;
  failed: boolean;
  attempts: number;
  reason: string | null;
  createdAt: Date;
};

/**
 * Emails the provider refused and pushes a push service refused, or are still refusing, with the
 * service's own words, in one list newest first, each tagged with its channel.
 */
export function DeliveryProblems({ emails, pushes }: { emails: EmailProblem[]; pushes: PushProblem[] }) {
  const rows: Row[] = [
    ...emails.map((email) => ({
      key: `email:${email.id}`,
      channel: "Email" as const,
      recipient: email.to,
      subject: email.subject,
      failed: email.status === "failed",
      attempts: email.attempts,
      reason: email.lastError,
      createdAt: email.createdAt,
    })),
    ...pushes.map((push) => ({
      key: `push:${push.id}`,
      channel: "Push" as const,
      recipient: push.recipientName,
      subject: null,
      failed: push.state === "failed",
      attempts: push.attempts,
      reason: push.lastError,
      createdAt: push.createdAt,
    })),
  ].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());

  return (
    <section aria-labelledby="delivery-problems-heading" className="space-y-3">
      <div>
        <h2 id="delivery-problems-heading" className="text-base font-semibold text-slate-900">
          Delivery problems
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Emails and push notifications whose errors are worth retrying are tried up to six times over about
          fifteen minutes; others fail at once.
        </p>
      </div>
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
          No email or push problems: every email so far was accepted by the provider, and every push by the
          push service.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {rows.map((row) => (
            <li key={row.key} className="space-y-0.5 px-4 py-3 text-sm">
              <p className="flex flex-wrap items-baseline gap-x-2">
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">
                  {row.channel}
                </span>
                <span className="font-medium text-slate-900">{row.recipient}</span>
                {row.subject === null ? null : <span className="text-slate-600">{row.subject}</span>}
                <span className="ml-auto text-xs text-slate-500">
                  <RelativeTime date={row.createdAt} />
                </span>
              </p>
              <p className={row.failed ? "text-red-700" : "text-amber-800"}>
                {`${row.failed ? "Failed" : "Retrying"} after ${row.attempts} ${row.attempts === 1 ? "attempt" : "attempts"}: ${row.reason ?? ""}`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
