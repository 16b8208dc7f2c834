"use client";

import { Bell, BellOff } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { followItemAction, unfollowItemAction } from "@/app/(app)/items/actions";
import { Button } from "@/components/ui/button";

/** Follow (be told of every message) or Unfollow (be told of nothing more). */
export function FollowButton({ itemId, following: given }: { itemId: string; following: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // Flipped as soon as the server says so, not when the refreshed page arrives: until then the old
  // label would offer to do again what was just done.
  const [state, setState] = useState({ given, following: given });
  if (state.given !== given) setState({ given, following: given });
  const { following } = state;
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
            setState({ given, following: !following });
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
