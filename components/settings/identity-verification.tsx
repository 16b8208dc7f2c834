"use client";

import { RotateCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { rotateIdentitySecretAction } from "@/app/(app)/settings/actions";
import { Button } from "@/components/ui/button";
import { DialogShell } from "@/components/ui/dialog-shell";
import { FormError } from "@/components/ui/form-error";
import { CopyButton } from "./copy-button";
import { callAction } from "./people-call";

const codeBlock =
  "whitespace-pre-wrap wrap-anywhere rounded-md bg-slate-900 px-3 py-2 font-mono text-sm leading-6 text-slate-100";

/**
 * The workspace's identity secret, with which a site signs its signed-in users for the widget
 * (lib/chat/identity.ts): shown to copy, rotated after a confirmation, and how a site uses it.
 */
export function IdentityVerification({
  secret,
  snippet,
  example,
}: {
  secret: string;
  /** The widget's line with the data-user-* attributes. */
  snippet: string;
  /** How a server computes the signature. */
  example: string;
}) {
  return (
    <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <p className="text-sm text-slate-600">
        If your site has signed-in users, it can tell the widget who they are, so they chat as themselves at
        once, with no email address to confirm. Your server signs each user&apos;s id with this secret, and a
        missing or wrong signature gets the chat of an unknown visitor.
      </p>
      <div className="space-y-2">
        <h3 className="text-sm font-medium text-slate-900">Identity secret</h3>
        <code
          id="identity-secret"
          className="block wrap-anywhere rounded-md bg-slate-100 px-3 py-2 font-mono text-sm text-slate-900"
        >
          {secret}
        </code>
        <p className="text-xs text-slate-600">
          Keep it on your server, never in a page: whoever has it can sign in to the chat as any of your
          users.
        </p>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <CopyButton text={secret} targetId="identity-secret" label="Copy the identity secret" />
          <RotateSecret />
        </div>
      </div>
      <div className="space-y-2">
        <p className="text-sm text-slate-600">
          On your server, sign the id of the user who is signed in (Node.js shown):
        </p>
        <pre className={codeBlock}>
          <code>{example}</code>
        </pre>
        <p className="text-sm text-slate-600">
          Then add their id, email, name and the signature to the widget&apos;s line:
        </p>
        <pre className={codeBlock}>
          <code id="identity-snippet">{snippet}</code>
        </pre>
        <CopyButton text={snippet} targetId="identity-snippet" label="Copy the identity snippet" />
      </div>
    </div>
  );
}

/** "Rotate secret", confirmed in a dialog that says what it ends. */
function RotateSecret() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const rotate = () =>
    startTransition(async () => {
      const result = await callAction(() => rotateIdentitySecretAction({}));
      if (!result.ok) return setError(result.message);
      setOpen(false);
      const ended = result.data.endedSessions;
      toast.success(
        `The identity secret is rotated${ended > 0 ? `; ${ended} chat ${ended === 1 ? "session" : "sessions"} ended` : ""}. Give your server the new one.`,
      );
      router.refresh();
    });

  return (
    <DialogShell
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        setError(null);
      }}
      trigger={
        <Button variant="secondary">
          <RotateCw aria-hidden="true" className="size-4" />
          Rotate secret
        </Button>
      }
      title="Rotate the identity secret?"
      description="A new secret replaces this one at once."
    >
      <div className="mt-4 space-y-4">
        <div
          role="alert"
          className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
        >
          <p>
            Signatures made with the old secret stop working, and every chat session made with it ends: your
            signed-in users are signed out of the chat until your site signs them with the new secret.
          </p>
          <p>Put the new secret on your server right after.</p>
        </div>
        <FormError message={error} />
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="ghost" disabled={pending} onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button variant="danger" busy={pending} onClick={rotate}>
            {pending ? "Rotating…" : "Rotate the secret"}
          </Button>
        </div>
      </div>
    </DialogShell>
  );
}
