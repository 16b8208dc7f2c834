"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { setEmailSubscriptionAction } from "@/app/unsubscribe/actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";

/** Unsubscribe from notification emails, and undo it, with the link's token. */
export function EmailSubscriptionChoice({
  token,
  email,
  team,
  subscribed: initial,
}: {
  token: string;
  email: string;
  /** A team member's page points to their settings, where the same choice lives. */
  team: boolean;
  subscribed: boolean;
}) {
  const [subscribed, setSubscribed] = useState(initial);
  const [changed, setChanged] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const choose = (next: boolean) =>
    startTransition(async () => {
      const result = await setEmailSubscriptionAction({ token, subscribed: next });
      if (result.ok) {
        setError(null);
        setSubscribed(result.data.subscribed);
        setChanged(true);
      } else setError(result.message);
    });

  return (
    <div className="space-y-4">
      <p role="status" className="text-sm text-slate-700">
        {!subscribed ? (
          <>
            <strong className="text-slate-900">You will no longer get these emails</strong> at {email}.
            {team ? " Messages still show in the messenger." : " Replies still show on the chat page."}
          </>
        ) : changed ? (
          <>
            <strong className="text-slate-900">You are subscribed again.</strong> These emails go to {email}.
          </>
        ) : (
          <>You get an email at {email} when messages wait for you unseen.</>
        )}
      </p>
      {team && (
        <p className="text-sm text-slate-600">
          The same choice is at{" "}
          <Link href="/settings/notifications" className="font-medium text-brand-700 hover:underline">
            Settings → Notifications
          </Link>
          .
        </p>
      )}
      <FormError message={error} />
      <Button
        className="w-full"
        variant={subscribed ? "primary" : "secondary"}
        busy={pending}
        onClick={() => choose(!subscribed)}
      >
        {subscribed ? "Unsubscribe" : "Subscribe again"}
      </Button>
    </div>
  );
}
