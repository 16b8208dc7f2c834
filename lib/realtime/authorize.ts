import type { Db } from "@/db/client";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { orNull, requireViewAccess } from "@/lib/conversations/access";
import { parseChannel } from "./channels";

/**
 * May this person listen on this channel? A team member: their own user channel, and the channel
 * of each conversation they may see. A customer: their own chat channel of each conversation they
 * may see, and their own customer channel unless their session is limited to one conversation (it
 * carries all their conversations). Never a conversation channel: it carries the team's internal
 * notes and typing. Nothing at all when signed out. The Pusher authorization endpoint and the
 * built-in stream both ask here.
 */
export async function mayListen(
  db: Db,
  actor: TeamActor | CustomerActor | null,
  channel: string,
): Promise<boolean> {
  const parsed = parseChannel(channel);
  if (!actor || !parsed) return false;
  if (actor.kind === "customer") {
    if (parsed.kind === "customer") return parsed.id === actor.customerId && !actor.onlyConversationId;
    if (parsed.kind !== "chat" || parsed.customerId !== actor.customerId) return false;
  } else {
    if (parsed.kind === "user") return parsed.id === actor.userId;
    if (parsed.kind !== "conversation") return false;
  }
  return (await orNull(requireViewAccess(db, actor, parsed.id))) !== null;
}

/**
 * For the realtime endpoints, which may see a team session and a chat session in one browser:
 * allowed if either of them may listen.
 */
export async function mayAnyListen(
  db: Db,
  actors: (TeamActor | CustomerActor | null)[],
  channel: string,
): Promise<boolean> {
  for (const actor of actors) if (await mayListen(db, actor, channel)) return true;
  return false;
}
