"use client";

import clsx from "clsx";
import { Send } from "lucide-react";
import { type ReactNode, useState } from "react";
import { AttachButton, filesOf, UploadChips } from "@/components/attachments/attachment-tray";
import { type UploadActions, useUploads } from "@/components/attachments/use-uploads";
import { type MentionPicking, MessageInput } from "@/components/messenger/message-input";
import { Button } from "@/components/ui/button";
import type { AttachmentSummary } from "@/lib/attachments/file-kinds";
import { characterCount, MAX_MESSAGE_LENGTH } from "@/lib/conversations/lengths";
import type { TeamMemberOption } from "@/lib/people/team-members";

/**
 * The reply box under a thread: the Message field and its button, and with `uploads`, files
 * (Attach files, drop, or paste). With `mentionSearch`, `@` picks teammates to mention. It holds
 * the draft, and hands over only what can be sent (text that is not blank nor too long, or files,
 * all uploaded, and the people picked whose "@Name" is still in the text), then clears.
 */
export function Composer({
  onSend,
  onDraftChange,
  placeholder,
  className,
  focusOnOpen,
  children,
  uploads: uploadActions,
  mentionSearch,
}: {
  onSend: (body: string, attachments: AttachmentSummary[], mentionIds: string[]) => void;
  /** Every change to the draft (the team's typing line). */
  onDraftChange?: (draft: string) => void;
  placeholder: string;
  className?: string;
  focusOnOpen?: boolean;
  /** Options above the field (the team's internal-note switch). */
  children?: ReactNode;
  /** The side's upload actions for this thread: files can be attached. */
  uploads?: UploadActions;
  /** Who `@` may mention in this thread (a team member's box only). */
  mentionSearch?: MentionPicking["search"];
}) {
  const [draft, setDraft] = useState("");
  const [picked, setPicked] = useState<TeamMemberOption[]>([]);
  const files = useUploads(uploadActions);
  const sendable =
    (draft.trim() !== "" || files.ready.length > 0) &&
    characterCount(draft) <= MAX_MESSAGE_LENGTH &&
    !files.unsettled;
  const submit = () => {
    if (!sendable) return;
    // A pick whose name was deleted from the text is no mention.
    const mentioned = picked.filter((person) => draft.includes(`@${person.name}`));
    onSend(draft, files.ready, [...new Set(mentioned.map((person) => person.id))]);
    setDraft("");
    setPicked([]);
    files.clear();
  };
  const addFiles = (picked: File[]) => {
    if (uploadActions && picked.length > 0) files.add(picked);
  };

  return (
    <form
      className={clsx("border-t px-3 pb-3 pt-2", className)}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      onDragOver={(event) => {
        if (uploadActions && event.dataTransfer.types.includes("Files")) event.preventDefault();
      }}
      onDrop={(event) => {
        if (!uploadActions) return;
        event.preventDefault();
        addFiles(filesOf(event.dataTransfer));
      }}
      onPaste={(event) => {
        const pasted = filesOf(event.clipboardData);
        if (uploadActions && pasted.length > 0) {
          event.preventDefault();
          addFiles(pasted);
        }
      }}
    >
      {children}
      <UploadChips uploads={files.uploads} onRetry={files.retry} onRemove={files.remove} />
      <div className="flex items-end gap-2">
        {uploadActions && <AttachButton onFiles={addFiles} />}
        <MessageInput
          value={draft}
          onChange={(value) => {
            setDraft(value);
            onDraftChange?.(value);
          }}
          onSubmit={submit}
          placeholder={placeholder}
          focusOnOpen={focusOnOpen}
          mentions={
            mentionSearch && {
              search: mentionSearch,
              onPick: (person) => setPicked((list) => [...list, person]),
            }
          }
        />
        <Button type="submit" disabled={!sendable}>
          <Send aria-hidden="true" className="size-4" />
          Send
        </Button>
      </div>
    </form>
  );
}
