import type { NextRequest } from "next/server";
import { getDb } from "@/db";
import { getTeamActor } from "@/lib/auth/session";
import { getChatActor } from "@/lib/chat/session-cookie";
import { getEnv } from "@/lib/env";
import { mayAnyListen } from "@/lib/realtime/authorize";
import { openEventStream } from "@/lib/realtime/event-stream";
import { getHub } from "@/lib/realtime/process-hub";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_CHANNELS = 20;

/** The built-in driver's Server-Sent Events stream: `?channel=<name>`, repeatable. */
export async function GET(request: NextRequest) {
  const channels = [...new Set(request.nextUrl.searchParams.getAll("channel"))];
  if (channels.length === 0 || channels.length > MAX_CHANNELS) {
    return Response.json({ error: "invalid_request" }, { status: 400 });
  }
  const db = await getDb();
  const actors = await Promise.all([getTeamActor(), getChatActor()]);
  for (const channel of channels) {
    if (!(await mayAnyListen(db, actors, channel)))
      return Response.json({ error: "forbidden" }, { status: 403 });
  }
  if (getEnv().pusher) return Response.json({ error: "builtin_stream_off" }, { status: 404 });
  return openEventStream({ hub: await getHub(), channels, signal: request.signal });
}
