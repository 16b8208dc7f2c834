import { RelativeTime } from "@/components/ui/relative-time";
import type { listEmailProblems } from "@/lib/settings/workspace-settings";

type Problem = Awaited<ReturnType<typeof listEmailProblems>>[number];

/** Emails the provider refused, or is still refusing, with the provider's own words. */
export function EmailProblems({ problems }: { problems: Problem[] }) {
  return (
    <section aria-labelledby="email-problems-heading" className="space-y-3">
      <div>
        <h2 id="email-problems-heading" className="text-base font-semibold text-slate-900">
          Email delivery problems
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Errors worth retrying are tried up to six times over about fifteen minutes; others fail at once.
        </p>
      </div>
      {problems.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
          No problems: every email so far was accepted by the provider.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {problems.map((problem) => (
            <li key={problem.id} className="space-y-0.5 px-4 py-3 text-sm">
              <p className="flex flex-wrap items-baseline gap-x-2">
                <span className="font-medium text-slate-900">{problem.to}</span>
                <span className="text-slate-600">{problem.subject}</span>
                <span className="ml-auto text-xs text-slate-500">
                  <RelativeTime date={problem.createdAt} />
                </span>
              </p>
              <p className={problem.status === "failed" ? "text-red-700" : "text-amber-800"}>
                {problem.status === "failed" ? "Failed" : "Will retry"} after {problem.attempts}{" "}
                {problem.attempts === 1 ? "attempt" : "attempts"}: {problem.lastError}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
