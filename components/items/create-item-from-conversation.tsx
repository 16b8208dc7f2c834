"use client";

import { ListPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createItemFromConversationAction } from "@/app/(app)/items/actions";
import { Button } from "@/components/ui/button";
import { DialogFormButtons, DialogShell } from "@/components/ui/dialog-shell";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { MAX_TITLE_LENGTH } from "@/lib/items/item-fields";

/**
 * "Create ticket" (a customer conversation) or "Create task" (an internal one): the conversation
 * becomes the item's thread as it is, and its people its followers. Asks only for a title.
 */
export function CreateItemFromConversation({
  conversationId,
  kind,
  suggestedTitle,
}: {
  conversationId: string;
  kind: "ticket" | "task";
  suggestedTitle: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const label = kind === "ticket" ? "Create ticket" : "Create task";
  return (
    <DialogShell
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setError(null);
      }}
      title={label}
      description={`This conversation becomes the ${kind}'s thread, with its history, and everyone in it follows the ${kind}. Nothing is sent again. Everyone on your team will be able to read it.`}
      trigger={
        <Button variant="secondary">
          <ListPlus aria-hidden="true" className="size-4" />
          <span className="sr-only sm:not-sr-only">{label}</span>
        </Button>
      }
    >
      <form
        className="mt-4 space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (pending) return;
          const title = String(new FormData(event.currentTarget).get("title") ?? "");
          if (!title.trim()) return setError("Enter a title.");
          startTransition(async () => {
            const result = await createItemFromConversationAction({ conversationId, title }).catch(() => ({
              ok: false as const,
              message: "Could not reach the server. Try again.",
            }));
            if (result.ok) router.push(`/items/${result.data.number}`);
            else setError(result.message);
          });
        }}
      >
        <Field
          label="Title"
          name="title"
          defaultValue={suggestedTitle.slice(0, MAX_TITLE_LENGTH)}
          required
          maxLength={MAX_TITLE_LENGTH}
          autoFocus
        />
        <FormError message={error} />
        <DialogFormButtons
          pending={pending}
          onCancel={() => setOpen(false)}
          label={label}
          pendingLabel="Creating…"
        />
      </form>
    </DialogShell>
  );
}
