"use client";

import { Pencil } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { updateItemAction } from "@/app/(app)/items/actions";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { RelativeTime } from "@/components/ui/relative-time";
import { ITEM_STATUSES, type ItemStatus, MAX_TITLE_LENGTH, STATUS_LABELS } from "@/lib/items/item-fields";
import type { ItemChanges } from "@/lib/items/update-item";
import type { TeamMemberOption } from "@/lib/people/team-members";

export type ItemDetailsData = {
  id: string;
  kind: "ticket" | "task";
  status: ItemStatus;
  title: string;
  description: string;
  assigneeUserId: string | null;
  assigneeName: string | null;
  requesterName: string | null;
  creatorName: string;
  createdAt: Date;
  updatedAt: Date;
};

/**
 * The item's fields, which anyone who may see it may change: status and assignee at once, title
 * and description through Edit. Each change shows in the thread as a system line.
 */
export function ItemDetails({
  item,
  team,
  meId,
}: {
  item: ItemDetailsData;
  team: TeamMemberOption[];
  meId: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = (changes: ItemChanges, after?: () => void) =>
    startTransition(async () => {
      const result = await updateItemAction({ itemId: item.id, changes }).catch(() => ({
        ok: false as const,
        message: "Could not reach the server. Try again.",
      }));
      if (!result.ok) {
        setError(result.message);
        toast.error(result.message);
      } else {
        setError(null);
        after?.();
        router.refresh();
      }
    });

  return (
    <section aria-label="Details" className="space-y-3">
      <div className="grid grid-cols-[auto_minmax(0,1fr)] items-center gap-x-3 gap-y-2 text-sm">
        <label htmlFor="item-status" className="text-slate-600">
          Status
        </label>
        <select
          id="item-status"
          value={item.status}
          disabled={pending}
          onChange={(event) => save({ status: event.target.value as ItemStatus })}
          className={`${inputClass} py-1.5`}
        >
          {ITEM_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
        <label htmlFor="item-assignee" className="text-slate-600">
          Assignee
        </label>
        <select
          id="item-assignee"
          value={item.assigneeUserId ?? ""}
          disabled={pending}
          onChange={(event) => save({ assigneeUserId: event.target.value || null })}
          className={`${inputClass} py-1.5`}
        >
          <option value="">Nobody</option>
          {item.assigneeUserId && !team.some((member) => member.id === item.assigneeUserId) && (
            <option value={item.assigneeUserId} disabled>
              {item.assigneeName ?? "Someone"} (deactivated)
            </option>
          )}
          {team.map((member) => (
            <option key={member.id} value={member.id}>
              {member.id === meId ? `${member.name} (you)` : member.name}
            </option>
          ))}
        </select>
        {item.requesterName && (
          <>
            <span className="text-slate-600">Requester</span>
            <span className="truncate text-slate-900">{item.requesterName}</span>
          </>
        )}
        <span className="text-slate-600">Created</span>
        <span className="truncate text-slate-900">
          <RelativeTime date={item.createdAt} /> by {item.creatorName}
        </span>
        <span className="text-slate-600">Updated</span>
        <RelativeTime date={item.updatedAt} className="text-slate-900" />
      </div>
      {editing ? (
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const [title, description] = [
              String(form.get("title") ?? ""),
              String(form.get("description") ?? ""),
            ];
            // Only what this person changed, so that a teammate's edit meanwhile is not undone.
            save(
              {
                ...(title !== item.title && { title }),
                ...(description !== item.description && { description }),
              },
              () => setEditing(false),
            );
          }}
        >
          <Field label="Title" name="title" defaultValue={item.title} required maxLength={MAX_TITLE_LENGTH} />
          <div className="space-y-1">
            <label htmlFor="item-description" className="block text-sm font-medium text-slate-700">
              Description
            </label>
            <textarea
              id="item-description"
              name="description"
              rows={5}
              defaultValue={item.description}
              className={inputClass}
            />
          </div>
          <FormError message={error} />
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            <Button type="submit" busy={pending}>
              {pending ? "Saving…" : "Save"}
            </Button>
          </div>
        </form>
      ) : (
        <div className="space-y-1">
          <div className="flex items-center justify-between">
            <h2 className="text-sm font-semibold text-slate-900">Description</h2>
            <Button variant="ghost" className="px-2 py-1" onClick={() => setEditing(true)}>
              <Pencil aria-hidden="true" className="size-3.5" />
              Edit<span className="sr-only"> title and description</span>
            </Button>
          </div>
          <p className="whitespace-pre-wrap break-words text-sm text-slate-700 [overflow-wrap:anywhere]">
            {item.description || <span className="text-slate-500">No description yet.</span>}
          </p>
        </div>
      )}
    </section>
  );
}
