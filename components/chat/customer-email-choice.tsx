"use client";

import { useState, useTransition } from "react";
import { setCustomerEmailsAction } from "@/app/chat/[slug]/actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";

/** Unsubscribe from (or back to) a workspace's emails about replies. */
export function CustomerEmailChoice({
  slug,
  token,
  email,
  workspaceName,
  subscribed: initial,
}: {
  slug: string;
  token: string;
  email: string;
  workspaceName: string;
  subscribed: boolean;
}) {
  const [subscribed, setSubscribed] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const choose = (next: boolean) =>
    startTransition(async () => {
      const result = await setCustomerEmailsAction({ slug, token, subscribed: next });
      if (result.ok) {
        setError(null);
        setSubscribed(result.data.subscribed);
      } else setError(result.message);
    });

  return (
    <div className="space-y-4">
      <h2 className="text-lg font-semibold text-slate-900">
        {subscribed ? `Emails from ${workspaceName}` : "You are unsubscribed"}
      </h2>
      <p role="status" className="text-sm text-slate-600">
        {subscribed
          ? `${email} gets an email when ${workspaceName} replies and you are not on the chat page.`
          : `${email} will not get emails about replies any more. They still show on the chat page.`}
      </p>
      <FormError message={error} />
      <Button
        className="w-full"
        variant={subscribed ? "primary" : "secondary"}
        disabled={pending}
        onClick={() => choose(!subscribed)}
      >
        {subscribed ? "Unsubscribe" : "Subscribe again"}
      </Button>
    </div>
  );
}
