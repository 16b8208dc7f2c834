"use client";

import { useState, useTransition } from "react";
import { redeemSignInLinkAction } from "@/app/chat/[slug]/actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";

export function RedeemSignInLink({
  slug,
  token,
  label = "Continue to chat",
}: {
  slug: string;
  token: string;
  label?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-3">
      <FormError message={error} />
      <Button
        className="w-full"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            // On success the action redirects to the chat; only a failure comes back.
            const result = await redeemSignInLinkAction({ slug, token });
            if (!result.ok) setError(result.message);
          })
        }
      >
        {pending ? "Signing in…" : label}
      </Button>
    </div>
  );
}
