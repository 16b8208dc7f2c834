import { z } from "zod";
import { getDb } from "@/db";
import { getTeamActor } from "@/lib/auth/session";
import { getChatActor } from "@/lib/chat/session-cookie";
import { answeringDomainErrors, DomainError } from "@/lib/domain-error";
import { getEnv } from "@/lib/env";
import { mayAnyListen } from "@/lib/realtime/authorize";
import { pusherClient } from "@/lib/realtime/pusher-driver";

export const dynamic = "force-dynamic";

// pusher-js posts these form fields when it subscribes to a private channel.
const body = z.object({ socket_id: z.string().regex(/^\d+\.\d+$/), channel_name: z.string().max(200) });

/** Pusher channel authorization: a signature for channels the person may listen on, 403 otherwise. */
export function POST(request: Request) {
  return answeringDomainErrors(async () => {
    const form = await request.formData().catch(() => null);
    const parsed = body.safeParse(form ? Object.fromEntries(form) : {});
    if (!parsed.success) throw new DomainError("invalid_request", "Expected socket_id and channel_name.");
    const { socket_id: socketId, channel_name: channel } = parsed.data;

    const actors = await Promise.all([getTeamActor(), getChatActor()]);
    if (!(await mayAnyListen(await getDb(), actors, channel)))
      throw new DomainError("forbidden", "You may not listen on this channel.");
    const { pusher } = getEnv();
    if (!pusher) throw new DomainError("pusher_not_configured", "Realtime runs on the built-in stream here.");
    return Response.json(pusherClient(pusher).authorizeChannel(socketId, channel));
  });
}
