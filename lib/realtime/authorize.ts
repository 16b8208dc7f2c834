import type { Db } from "@/db/client";
import type { TeamActor } from "@/lib/auth/actor";
import { requireParticipant } from "@/lib/conversations/access";
import { DomainError } from "@/lib/domain-error";
import { parseChannel } from "./channels";

/**
 * May this person listen on this channel? Their own user channel, and the channel of each
 * conversation they take part in; nothing else, and nothing at all when signed out.
 * The Pusher authorization endpoint and the built-in stream both ask here.
 */
export async function mayListen(db: Db, actor: TeamActor | null, channel: string): Promise<boolean> {
  const parsed = parseChannel(channel);
  if (!actor || !parsed) return false;
  if (parsed.kind === "user") return parsed.id === actor.userId;
  try {
    await requireParticipant(db, actor, parsed.id);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}
