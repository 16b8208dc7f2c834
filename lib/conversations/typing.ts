import type { Db } from "@/db/client";
import type { TeamActor } from "@/lib/auth/actor";
import { conversationChannel } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/publish";
import { requireTeamAccess } from "./access";

/** "Bob Builder is typing…", for the other participants of a conversation the actor is in. */
export async function announceTyping(
  db: Db,
  { actor, conversationId }: { actor: TeamActor; conversationId: string },
) {
  await requireTeamAccess(db, actor, conversationId);
  await publish([
    {
      channel: conversationChannel(conversationId),
      name: "typing",
      data: { conversationId, userId: actor.userId, name: actor.name },
    },
  ]);
}
