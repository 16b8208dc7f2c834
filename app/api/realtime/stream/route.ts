import type { NextRequest } from "next/server";
import { getDb } from "@/db";
import { getTeamActor } from "@/lib/auth/session";
import { allSessionsLive } from "@/lib/auth/sessions";
import { getChatActor } from "@/lib/chat/session-cookie";
import { answeringDomainErrors, DomainError } from "@/lib/domain-error";
import { getEnv } from "@/lib/env";
import { queryObject } from "@/lib/query-params";
import { mayAnyListen } from "@/lib/realtime/authorize";
import { sessionChannel } from "@/lib/realtime/channels";
import { openEventStream } from "@/lib/realtime/event-stream";
import { getHub } from "@/lib/realtime/process-hub";
import { streamQuery } from "@/lib/realtime/stream-query";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The built-in driver's Server-Sent Events stream: `?channel=<name>`, repeatable. */
export function GET(request: NextRequest) {
  return answeringDomainErrors(async () => {
    const query = streamQuery.safeParse(queryObject(request.nextUrl.searchParams));
    if (!query.success) throw new DomainError("invalid_request", "Name one to 20 channels.");
    const { channel: channels } = query.data;
    const db = await getDb();
    const actors = await Promise.all([getTeamActor(), getChatActor()]);
    for (const channel of channels) {
      if (!(await mayAnyListen(db, actors, channel)))
        throw new DomainError("forbidden", "You may not listen on this channel.");
    }
    const env = getEnv();
    if (env.pusher) throw new DomainError("builtin_stream_off", "Realtime runs on Pusher here.");
    // The stream closes the moment either session it was opened with ends (sign-out, revocation).
    const sessionIds = actors.flatMap((actor) => (actor?.sessionId ? [actor.sessionId] : []));
    const stream = openEventStream({
      hub: await getHub(),
      channels,
      closeOn: sessionIds.map(sessionChannel),
      signal: request.signal,
      maxStreams: env.REALTIME_MAX_STREAMS,
    });
    // Listening for their end from here on: a session that ended since it was checked above (its
    // notice already gone by) is caught by checking once more.
    if (!(await allSessionsLive(db, sessionIds))) {
      await stream.body?.cancel();
      throw new DomainError("unauthenticated", "Your session has ended. Sign in again.");
    }
    return stream;
  });
}
