"use client";

import clsx from "clsx";
import { Send } from "lucide-react";
import { type ReactNode, useState } from "react";
import { MessageInput } from "@/components/messenger/message-input";
import { Button } from "@/components/ui/button";
import { characterCount, MAX_MESSAGE_LENGTH } from "@/lib/conversations/message-body";

/**
 * The reply box under a thread: the Message field and its button. It holds the draft, and hands
 * over only a body that can be sent (not blank, not too long), then clears.
 */
export function Composer({
  onSend,
  onDraftChange,
  placeholder,
  className,
  focusOnOpen,
  children,
}: {
  onSend: (body: string) => void;
  /** Every change to the draft (the team's typing line). */
  onDraftChange?: (draft: string) => void;
  placeholder: string;
  className?: string;
  focusOnOpen?: boolean;
  /** Options above the field (the team's internal-note switch). */
  children?: ReactNode;
}) {
  const [draft, setDraft] = useState("");
  const sendable = draft.trim() !== "" && characterCount(draft) <= MAX_MESSAGE_LENGTH;
  const submit = () => {
    if (!sendable) return;
    onSend(draft);
    setDraft("");
  };

  return (
    <form
      className={clsx("border-t px-3 pb-3 pt-2", className)}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {children}
      <div className="flex items-end gap-2">
        <MessageInput
          value={draft}
          onChange={(value) => {
            setDraft(value);
            onDraftChange?.(value);
          }}
          onSubmit={submit}
          placeholder={placeholder}
          focusOnOpen={focusOnOpen}
        />
        <Button type="submit" disabled={!sendable}>
          <Send aria-hidden="true" className="size-4" />
          Send
        </Button>
      </div>
    </form>
  );
}
