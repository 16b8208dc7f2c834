"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import clsx from "clsx";
import { Ban, MoreHorizontal, Pencil, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DialogShell } from "@/components/ui/dialog-shell";
import { MenuContent, MenuRoot, menuItemClass } from "@/components/ui/menu";
import { DELETED_MESSAGE } from "@/lib/conversations/deleted-message";
import type { ThreadMessage } from "@/lib/conversations/list-messages";
import { formatClock, formatDay } from "@/lib/format-time";

type Result<T> = { ok: true; data: T } | { ok: false; message: string };

/** Each side's own actions for changing a message (the team's, or the chat page's). */
export type ChangeActions = {
  edit: (messageId: string, body: string) => Promise<Result<unknown>>;
  remove: (messageId: string) => Promise<Result<unknown>>;
  /** Admins only: what an edited message said before. */
  history?: (messageId: string) => Promise<Result<{ previousBody: string; editedAt: Date }[]>>;
};

/**
 * What the viewer may do to a message now: the author, edit or delete it within the window; an
 * admin, delete any team member's. The server decides again; this only offers what it will allow.
 */
function allowedChanges(message: ThreadMessage, { isAdmin = false }: { isAdmin?: boolean } = {}) {
  if (message.deleted || message.kind === "system") return { edit: false, delete: false };
  const own = message.changeableUntil !== null && message.changeableUntil.getTime() > Date.now();
  return { edit: own, delete: own || (isAdmin && message.kind === "user") };
}

/**
 * The state of changing messages in one thread: which one is being edited, which one waits for
 * its delete to be confirmed, and the calls, each telling the thread to fetch the message again.
 */
export function useMessageChanges({
  actions,
  refetch,
}: {
  actions: ChangeActions;
  refetch: (messageId: string) => Promise<void>;
}) {
  const [editingId, setEditingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (messageId: string, body: string) => {
    setBusy(true);
    const result = await actions.edit(messageId, body).finally(() => setBusy(false));
    if (!result.ok) return void toast.error(result.message);
    setEditingId(null);
    await refetch(messageId);
  };
  const confirmDelete = async () => {
    if (!deleting) return;
    setBusy(true);
    const result = await actions.remove(deleting).finally(() => setBusy(false));
    if (!result.ok) return void toast.error(result.message);
    setDeleting(null);
    await refetch(deleting);
  };

  const deleteDialog = (
    <DialogShell
      open={deleting !== null}
      onOpenChange={(open) => !open && setDeleting(null)}
      title="Delete this message?"
      description="Everyone in the conversation will see “This message was deleted” in its place. Its text and files are removed for good."
    >
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={() => setDeleting(null)}>
          Cancel
        </Button>
        <Button
          variant="danger"
          busy={busy}
          icon={<Trash2 aria-hidden="true" className="size-4" />}
          onClick={() => void confirmDelete()}
        >
          Delete message
        </Button>
      </div>
    </DialogShell>
  );

  /**
   * A message row's three places for changes: its content when deleted or being edited (undefined
   * to show it as it is), its "(edited)" mark, and its ⋯ menu.
   */
  const slotsFor = (
    message: ThreadMessage,
    {
      isAdmin = false,
      deletedClassName,
      actionsClassName,
    }: { isAdmin?: boolean; deletedClassName?: string; actionsClassName?: string } = {},
  ) => ({
    content: message.deleted ? (
      <DeletedMessage className={deletedClassName} />
    ) : editingId === message.id ? (
      <EditMessageForm
        initial={message.body}
        busy={busy}
        onSave={(body) => void save(message.id, body)}
        onCancel={() => setEditingId(null)}
      />
    ) : undefined,
    edited: message.editedAt && !message.deleted && (
      <EditedMark messageId={message.id} editedAt={message.editedAt} history={actions.history} />
    ),
    actions: (
      <MessageActionsMenu
        allowed={allowedChanges(message, { isAdmin })}
        onEdit={() => setEditingId(message.id)}
        onDelete={() => setDeleting(message.id)}
        className={actionsClassName}
      />
    ),
  });

  return { slotsFor, deleteDialog };
}

/** The ⋯ button on a message with what the viewer may do to it. Nothing when they may do nothing. */
function MessageActionsMenu({
  allowed,
  onEdit,
  onDelete,
  className,
}: {
  allowed: { edit: boolean; delete: boolean };
  onEdit: () => void;
  onDelete: () => void;
  className?: string;
}) {
  if (!allowed.edit && !allowed.delete) return null;
  return (
    <MenuRoot>
      <DropdownMenu.Trigger
        aria-label="Message actions"
        className={clsx(
          "grid size-8 shrink-0 place-items-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:opacity-100 data-[state=open]:opacity-100",
          className,
        )}
      >
        <MoreHorizontal aria-hidden="true" className="size-4" />
      </DropdownMenu.Trigger>
      <MenuContent align="end">
        {allowed.edit && (
          <DropdownMenu.Item className={menuItemClass} onSelect={onEdit}>
            <Pencil aria-hidden="true" className="size-4" /> Edit
          </DropdownMenu.Item>
        )}
        {allowed.delete && (
          <DropdownMenu.Item className={clsx(menuItemClass, "text-red-700")} onSelect={onDelete}>
            <Trash2 aria-hidden="true" className="size-4" /> Delete
          </DropdownMenu.Item>
        )}
      </MenuContent>
    </MenuRoot>
  );
}

/** In place of the text while editing it: Enter (or Save) saves, Shift+Enter is a new line, Escape cancels. */
function EditMessageForm({
  initial,
  busy,
  onSave,
  onCancel,
}: {
  initial: string;
  busy: boolean;
  onSave: (body: string) => void;
  onCancel: () => void;
}) {
  const [body, setBody] = useState(initial);
  const hintId = useId();
  return (
    <form
      className="mt-1 w-full min-w-0 space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(body);
      }}
    >
      <textarea
        aria-label="Edit message"
        aria-describedby={hintId}
        // biome-ignore lint/a11y/noAutofocus: the person just chose Edit; the field is what they came for.
        autoFocus
        value={body}
        rows={Math.min(8, Math.max(2, body.split("\n").length))}
        onChange={(event) => setBody(event.target.value)}
        onFocus={(event) => event.currentTarget.setSelectionRange(body.length, body.length)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            event.stopPropagation();
            onCancel();
          } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            onSave(body);
          }
        }}
        className="block w-full resize-y rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
      />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" className="py-1.5" busy={busy} disabled={body.trim().length === 0}>
          Save
        </Button>
        <Button type="button" className="py-1.5" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <span id={hintId} className="text-xs text-slate-600">
          Enter to save, Escape to cancel
        </span>
      </div>
    </form>
  );
}

/** A deleted message, in its place. */
function DeletedMessage({ className }: { className?: string }) {
  return (
    <p className={clsx("flex items-center gap-1.5 text-sm italic text-slate-500", className)}>
      <Ban aria-hidden="true" className="size-3.5" />
      {DELETED_MESSAGE}
    </p>
  );
}

/** "edited", and for admins a button that shows what it said before. */
function EditedMark({
  messageId,
  editedAt,
  history,
  className,
}: {
  messageId: string;
  editedAt: Date;
  history?: ChangeActions["history"];
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [versions, setVersions] = useState<{ previousBody: string; editedAt: Date }[] | null>(null);
  const title = `Edited ${formatDay(editedAt, new Date())} at ${formatClock(editedAt)}`;
  if (!history)
    return (
      <span title={title} className={clsx("text-xs text-slate-500", className)}>
        (edited)
      </span>
    );
  return (
    <DialogShell
      open={open}
      onOpenChange={async (next) => {
        setOpen(next);
        if (!next) return;
        const result = await history(messageId);
        if (result.ok) setVersions(result.data);
        else toast.error(result.message);
      }}
      trigger={
        <button
          type="button"
          title={title}
          className={clsx(
            "text-xs text-slate-500 underline decoration-dotted hover:text-slate-800",
            className,
          )}
        >
          (edited)
        </button>
      }
      title="Earlier versions"
      description="What this message said before each edit, newest first. Only admins see this."
    >
      {versions === null ? (
        <p className="mt-4 text-sm text-slate-600">Loading…</p>
      ) : versions.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No earlier versions are kept.</p>
      ) : (
        <ol className="mt-4 space-y-3">
          {versions.map((version) => (
            <li key={version.editedAt.toISOString()} className="rounded-md border border-slate-200 p-2">
              <p className="text-xs text-slate-600">
                Until {formatDay(version.editedAt, new Date())}, {formatClock(version.editedAt)}
              </p>
              <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-800 [overflow-wrap:anywhere]">
                {version.previousBody}
              </p>
            </li>
          ))}
        </ol>
      )}
    </DialogShell>
  );
}
