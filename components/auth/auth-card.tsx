import { MessagesSquare } from "lucide-react";
import type { ReactNode } from "react";

export function AuthCard({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: string;
  children: ReactNode;
}) {
  return (
    <main
      id="main"
      tabIndex={-1}
      className="flex min-h-full focus:outline-none items-center justify-center px-4 py-12"
    >
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2 text-brand-700">
          <MessagesSquare aria-hidden="true" className="size-7" />
          <span className="text-lg font-semibold">Helpdesk Messenger</span>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
          {subtitle && <p className="mt-1 text-sm text-slate-600">{subtitle}</p>}
          <div className="mt-6">{children}</div>
        </div>
      </div>
    </main>
  );
}
