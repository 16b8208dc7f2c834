"use client";

import { BellRing, MailCheck } from "lucide-react";
import { useState, useTransition } from "react";
import { notifyVisitorByEmailAction } from "@/app/chat/[slug]/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";

/**
 * For a visitor (no confirmed address): their name and an address to confirm, so that replies
 * reach them by email too. Until they use the link, replies wait on this page.
 */
export function NotifyByEmail({
  name: savedName,
  pendingEmail,
  linkSentTo,
}: {
  /** Their name, if they gave one (a visitor starts as "Visitor"). */
  name: string;
  /** The address they (or the site that signed them in) gave, not confirmed yet. */
  pendingEmail: string | null;
  /** The address a link to confirm was emailed to, while it works. */
  linkSentTo: string | null;
}) {
  const [name, setName] = useState(savedName);
  const [email, setEmail] = useState(pendingEmail ?? "");
  const [waitingFor, setWaitingFor] = useState(linkSentTo);
  const [problem, setProblem] = useState<{ message: string; name?: string; email?: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const [open, setOpen] = useState(true);

  if (waitingFor)
    return (
      <div role="status" className="flex items-start gap-3 border-b border-slate-200 bg-brand-50 px-4 py-3">
        <MailCheck aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-brand-700" />
        <p className="min-w-0 flex-1 text-sm text-slate-800">
          Check your inbox: we sent a link to <strong className="break-all">{waitingFor}</strong>. Once you
          confirm it, replies reach you by email too. Until then, they wait here.{" "}
          <button
            type="button"
            onClick={() => setWaitingFor(null)}
            className="font-medium text-brand-700 underline-offset-2 hover:underline"
          >
            Use another address
          </button>
        </p>
      </div>
    );

  if (!open)
    return (
      <div className="border-b border-slate-200 bg-white px-4 py-2">
        <button
          type="button"
          onClick={() => setOpen(true)}
          className="inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:underline"
        >
          <BellRing aria-hidden="true" className="size-4" />
          Get notified by email
        </button>
      </div>
    );

  return (
    <form
      aria-labelledby="notify-heading"
      className="space-y-3 border-b border-slate-200 bg-brand-50 px-4 py-3"
      onSubmit={(event) => {
        event.preventDefault();
        setProblem(null);
        startTransition(async () => {
          const result = await notifyVisitorByEmailAction({ name, email }).catch(() => ({
            ok: false as const,
            message: "Could not reach the server. Try again.",
            fieldErrors: undefined,
          }));
          if (result.ok) setWaitingFor(result.data.email);
          else
            setProblem({
              message: result.message,
              name: result.fieldErrors?.name?.[0],
              email: result.fieldErrors?.email?.[0],
            });
        });
      }}
    >
      <div>
        <h2 id="notify-heading" className="flex items-center gap-1.5 text-sm font-semibold text-slate-900">
          <BellRing aria-hidden="true" className="size-4 text-brand-700" />
          Get notified by email
        </h2>
        <p className="text-xs text-slate-600">
          So that you don&apos;t miss our reply if you leave this page. We will email you a link to confirm
          the address first.
        </p>
      </div>
      <FormError message={problem && !problem.name && !problem.email ? problem.message : null} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Name"
          name="name"
          autoComplete="name"
          required
          maxLength={80}
          value={name}
          error={problem?.name}
          onChange={(event) => setName(event.target.value)}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          error={problem?.email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Not now
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : "Notify me by email"}
        </Button>
      </div>
    </form>
  );
}
