import { MessagesSquare } from "lucide-react";
import type { ReactNode } from "react";

/**
 * A page that says something went wrong and what to do (not found, an error, a chat that does not
 * exist), in the product's look: the brand above one card, all inside the main landmark.
 */
export function StatusPage({
  code,
  title,
  children,
  actions,
}: {
  /** A short line above the title, such as "404". */
  code?: string;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <main
      id="main"
      tabIndex={-1}
      className="flex min-h-full items-center justify-center bg-slate-50 px-4 py-12 focus:outline-none"
    >
      <div className="w-full max-w-sm">
        <p className="mb-6 flex items-center justify-center gap-2 text-brand-700">
          <MessagesSquare aria-hidden="true" className="size-7" />
          <span className="text-lg font-semibold">Helpdesk Messenger</span>
        </p>
        <div className="rounded-xl border border-slate-200 bg-white p-6 text-center shadow-sm">
          {code && <p className="text-sm font-semibold tracking-wide text-brand-700">{code}</p>}
          <h1 className="mt-1 text-xl font-semibold text-slate-900">{title}</h1>
          <div className="mt-2 space-y-2 text-sm text-slate-600">{children}</div>
          {actions && <div className="mt-6 flex flex-wrap justify-center gap-3">{actions}</div>}
        </div>
      </div>
    </main>
  );
}
