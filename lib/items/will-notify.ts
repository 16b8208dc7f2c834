import type { Follower } from "./followers";

/**
 * The line above an item's composer: who this message will reach, and how. Everyone following
 * but the writer; for an internal message, the team only. A team member is told in the app (and
 * by email if they do not see it in time); a customer on their chat page, and by email where
 * they may be emailed. Muted followers get no bubble or email, so they are marked.
 */
export function willNotify(followers: Follower[], { meId, internal }: { meId: string; internal: boolean }) {
  const told = followers.filter(
    (follower) => follower.id !== meId && (!internal || follower.kind === "user"),
  );
  if (told.length === 0)
    return internal
      ? "Will notify: no other teammate follows this yet"
      : "Will notify: nobody else follows this yet";
  return `Will notify: ${told.map(describe).join(", ")}`;
}

function describe(follower: Follower) {
  if (follower.kind === "customer")
    return `${follower.name} (${follower.emailed ? "email" : "chat page only"})`;
  return follower.muted ? `${follower.name} (muted)` : follower.name;
}
