"use client";

import { MailCheck } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { requestSignInLinkAction, signOutOfChatAction } from "@/app/chat/[slug]/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";

/**
 * The way in for customers: an address, and a single-use link emailed to it. The answer is the
 * same whether or not the address is known.
 */
export function ChatSignIn({
  slug,
  workspaceName,
  notice,
  offerSignOut = false,
}: {
  slug: string;
  workspaceName: string;
  notice?: string;
  /** The browser is signed in to another workspace's chat: offer to end that session. */
  offerSignOut?: boolean;
}) {
  const [email, setEmail] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (sentTo) {
    return (
      <div role="status" className="mx-auto max-w-sm space-y-3 px-6 py-10 text-center">
        <MailCheck aria-hidden="true" className="mx-auto size-10 text-brand-600" />
        <h2 className="text-lg font-semibold text-slate-900">Check your email</h2>
        <p className="text-sm text-slate-600">
          We sent a sign-in link to <strong className="text-slate-900">{sentTo}</strong>. It works once,
          within 30 minutes.
        </p>
        <button
          type="button"
          onClick={() => setSentTo(null)}
          className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline"
        >
          Use another address
        </button>
      </div>
    );
  }

  return (
    <form
      className="mx-auto max-w-sm space-y-4 px-6 py-10"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        startTransition(async () => {
          const result = await requestSignInLinkAction({ slug, email });
          if (result.ok) setSentTo(email.trim());
          else setError(result.fieldErrors?.email?.[0] ?? result.message);
        });
      }}
    >
      <div className="space-y-1">
        <h2 className="text-lg font-semibold text-slate-900">Chat with {workspaceName}</h2>
        <p className="text-sm text-slate-600">
          Chatted with us before? Enter your email address and we will send you a link to your conversations.
          Replies reach you here and by email.
        </p>
      </div>
      {notice && (
        <div className="space-y-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
          <p>{notice}</p>
          {offerSignOut && (
            <button
              type="button"
              disabled={pending}
              onClick={() => startTransition(async () => void (await signOutOfChatAction({ slug })))}
              className="font-medium underline underline-offset-2"
            >
              Sign out
            </button>
          )}
        </div>
      )}
      <FormError message={error} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Email me a sign-in link"}
      </Button>
      <p className="text-center text-sm">
        <Link href={`/chat/${slug}`} className="font-medium text-brand-700 hover:underline">
          Back to the chat
        </Link>
      </p>
    </form>
  );
}
