import { z } from "zod";
import { getDb } from "@/db";
import { getTeamActor } from "@/lib/auth/session";
import { getChatActor } from "@/lib/chat/session-cookie";
import { getEnv } from "@/lib/env";
import { mayAnyListen } from "@/lib/realtime/authorize";
import { pusherClient } from "@/lib/realtime/pusher-driver";

export const dynamic = "force-dynamic";

// pusher-js posts these form fields when it subscribes to a private channel.
const body = z.object({ socket_id: z.string().regex(/^\d+\.\d+$/), channel_name: z.string().max(200) });

/** Pusher channel authorization: a signature for channels the person may listen on, 403 otherwise. */
export async function POST(request: Request) {
  const form = await request.formData().catch(() => null);
  const parsed = body.safeParse(form ? Object.fromEntries(form) : {});
  if (!parsed.success) return Response.json({ error: "invalid_request" }, { status: 400 });
  const { socket_id: socketId, channel_name: channel } = parsed.data;

  const actors = await Promise.all([getTeamActor(), getChatActor()]);
  if (!(await mayAnyListen(await getDb(), actors, channel))) {
    return Response.json({ error: "forbidden" }, { status: 403 });
  }
  const { pusher } = getEnv();
  if (!pusher) return Response.json({ error: "pusher_not_configured" }, { status: 404 });
  return Response.json(pusherClient(pusher).authorizeChannel(socketId, channel));
}
