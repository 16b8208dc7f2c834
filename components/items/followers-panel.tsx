"use client";

import { X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { addFollowersAction, removeFollowerAction } from "@/app/(app)/items/actions";
import { searchPeopleAction } from "@/app/(app)/messenger/actions";
import { PeoplePicker } from "@/components/messenger/people-picker";
import { Avatar } from "@/components/ui/avatar";
import type { Follower } from "@/lib/items/followers";

/**
 * Who follows the item. The assignee and admins may add anyone (customers to a ticket) and remove
 * anyone; everyone else follows or unfollows themselves with the button above.
 */
export function FollowersPanel({
  itemId,
  kind,
  followers,
  meId,
  canManage,
}: {
  itemId: string;
  kind: "ticket" | "task";
  followers: Follower[];
  meId: string;
  canManage: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const remove = (follower: Follower) =>
    startTransition(async () => {
      const result = await removeFollowerAction({
        itemId,
        person: follower.kind === "user" ? { userId: follower.id } : { customerId: follower.id },
      });
      if (!result.ok) toast.error(result.message);
      else router.refresh();
    });
  return (
    <section aria-labelledby="followers-heading" className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <h2 id="followers-heading" className="text-sm font-semibold text-slate-900">
          Followers <span className="font-normal text-slate-600">({followers.length})</span>
        </h2>
        {canManage && (
          <PeoplePicker
            excludeIds={followers.map((follower) => follower.id)}
            search={kind === "ticket" ? searchPeopleAction : undefined}
            title="Add followers"
            description={
              kind === "ticket"
                ? "Teammates and customers who follow a ticket receive its messages; customers only its public replies."
                : "Teammates who follow a task receive its messages."
            }
            searchLabel={kind === "ticket" ? "Search people" : "Search teammates"}
            onConfirm={async (chosen) => {
              const result = await addFollowersAction({
                itemId,
                userIds: chosen.filter((p) => p.kind !== "customer").map((p) => p.id),
                customerIds: chosen.filter((p) => p.kind === "customer").map((p) => p.id),
              });
              if (!result.ok) toast.error(result.message);
              else router.refresh();
            }}
          />
        )}
      </div>
      {followers.length === 0 ? (
        <p className="text-sm text-slate-600">
          Nobody follows this item. Follow it to be told of its messages.
        </p>
      ) : (
        <ul aria-label="Followers" className="space-y-1">
          {followers.map((follower) => (
            <li key={follower.id} className="flex items-center gap-2">
              <Avatar name={follower.name} size="sm" />
              <span className="min-w-0 flex-1 truncate text-sm text-slate-800">
                {follower.name}
                {follower.id === meId && <span className="text-slate-600"> (you)</span>}
              </span>
              {follower.kind === "customer" && (
                <span className="shrink-0 rounded bg-amber-100 px-1.5 py-0.5 text-[11px] font-semibold text-amber-900">
                  Customer
                </span>
              )}
              {canManage && follower.id !== meId && (
                <button
                  type="button"
                  disabled={pending}
                  aria-label={`Remove ${follower.name}`}
                  onClick={() => remove(follower)}
                  className="rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800"
                >
                  <X aria-hidden="true" className="size-3.5" />
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
