"use client";

import { Bell, BellOff } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { followItemAction, unfollowItemAction } from "@/app/(app)/items/actions";
import { Button } from "@/components/ui/button";

/** Follow (be told of every message) or Unfollow (be told of nothing more). */
export function FollowButton({ itemId, following }: { itemId: string; following: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant={following ? "secondary" : "primary"}
      busy={pending}
      icon={
        following ? (
          <BellOff aria-hidden="true" className="size-4" />
        ) : (
          <Bell aria-hidden="true" className="size-4" />
        )
      }
      onClick={() =>
        startTransition(async () => {
          const result = await (following ? unfollowItemAction : followItemAction)({ itemId });
          if (!result.ok) toast.error(result.message);
          else {
            toast.success(following ? "You no longer follow this item." : "You follow this item.");
            router.refresh();
          }
        })
      }
    >
      {following ? "Unfollow" : "Follow"}
    </Button>
  );
}
