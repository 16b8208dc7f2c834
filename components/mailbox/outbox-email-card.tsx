import type { OutboxEmail } from "@/db/schema";
import { formatMoment } from "@/lib/format-time";

export function OutboxEmailCard({ email }: { email: OutboxEmail }) {
  return (
    <article
      aria-label={`Email to ${email.to}: ${email.subject}`}
      className="rounded-lg border border-slate-200 bg-white"
    >
      <header className="border-b border-slate-200 px-4 py-3">
        <h2 className="text-sm font-semibold text-slate-900">{email.subject}</h2>
        <p className="text-xs text-slate-600">
          {email.fromName && `From ${email.fromName} · `}To {email.to} ·{" "}
          {formatMoment(email.createdAt, "UTC")} UTC · {email.status}
          {email.attempts > 1 && ` after ${email.attempts} attempts`}
        </p>
        {email.lastError && (
          <p
            className={
              email.status === "failed" ? "mt-1 text-xs text-red-700" : "mt-1 text-xs text-amber-800"
            }
          >
            {email.status === "failed" ? "Failed" : "Will retry"}: {email.lastError}
          </p>
        )}
      </header>
      {/* The email's own HTML, isolated: no scripts, no access to this page. */}
      <iframe title={`Email to ${email.to}`} sandbox="" srcDoc={email.html} className="h-[28rem] w-full" />
      <details className="border-t border-slate-200 px-4 py-2 text-sm">
        <summary className="cursor-pointer text-slate-700">Plain text</summary>
        <pre className="mt-2 whitespace-pre-wrap break-words font-sans text-slate-800">{email.text}</pre>
      </details>
    </article>
  );
}
