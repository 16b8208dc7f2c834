import type { NextRequest } from "next/server";
import { z } from "zod";
import { getTeamActor } from "@/lib/auth/session";
import { getChatActor } from "@/lib/chat/session-cookie";
import { answeringDomainErrors, DomainError } from "@/lib/domain-error";
import { getEnv } from "@/lib/env";
import { queryObject } from "@/lib/query-params";
import { pusherClient } from "@/lib/realtime/pusher-driver";

export const dynamic = "force-dynamic";

const body = z.object({ socket_id: z.string().regex(/^\d+\.\d+$/) });
const query = z.object({ as: z.enum(["team", "customer"]) });

/**
 * Pusher user authentication: the connection signs in as the session of the page's person (a team
 * member's, or a customer's on the chat page), so that ending that session terminates it.
 */
export function POST(request: NextRequest) {
  return answeringDomainErrors(async () => {
    const form = await request.formData().catch(() => null);
    const parsed = body.safeParse(form ? Object.fromEntries(form) : {});
    const audience = query.safeParse(queryObject(request.nextUrl.searchParams));
    if (!parsed.success || !audience.success)
      throw new DomainError("invalid_request", "Expected socket_id, and ?as=team or ?as=customer.");
    const actor = audience.data.as === "team" ? await getTeamActor() : await getChatActor();
    if (!actor?.sessionId) throw new DomainError("unauthenticated", "Sign in first.");
    const { pusher } = getEnv();
    if (!pusher) throw new DomainError("pusher_not_configured", "Realtime runs on the built-in stream here.");
    return Response.json(
      pusherClient(pusher).authenticateUser(parsed.data.socket_id, { id: actor.sessionId }),
    );
  });
}
