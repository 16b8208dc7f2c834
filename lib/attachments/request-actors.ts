import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { getTeamActor } from "@/lib/auth/session";
import { getChatActor } from "@/lib/chat/session-cookie";

/**
 * Everyone this browser is signed in as: a team member, a customer, or both (someone trying the
 * chat page beside the messenger). A file route serves whichever of them may have it.
 */
export async function requestActors(): Promise<Actor[]> {
  const [team, customer] = await Promise.all([getTeamActor(), getChatActor()]);
  return [team, customer].filter((actor): actor is NonNullable<typeof actor> => actor !== null);
}
