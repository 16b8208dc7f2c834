import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { getDb } from "@/db";
import type { CustomerActor } from "@/lib/auth/actor";
import { getEnv } from "@/lib/env";
import {
  chatSessionToken,
  customerFromSession,
  LINK_SESSION_SECONDS,
  SESSION_SECONDS,
} from "./customer-session";
import { verifyToken } from "./signed-token";

/** The chat page's own session, separate from the team's Auth.js session. */
const CHAT_COOKIE = "chat_session";

/**
 * Over https the cookie must also work inside the widget's iframe on a customer's site, where it
 * is a third-party cookie: SameSite=None, Secure, and Partitioned (CHIPS), so browsers that
 * partition third-party cookies keep it for that site. Over plain http (local use), Lax.
 */
function cookieOptions(maxAge: number) {
  const https = new URL(getEnv().APP_URL).protocol === "https:";
  return {
    httpOnly: true,
    path: "/",
    maxAge,
    secure: https,
    sameSite: https ? ("none" as const) : ("lax" as const),
    ...(https && { partitioned: true }),
  };
}

/** The signed-in customer, for the workspace of the chat page being shown; once per request. */
export const getChatActor = cache(async (workspaceId?: string): Promise<CustomerActor | null> => {
  const token = (await cookies()).get(CHAT_COOKIE)?.value;
  if (!token) return null;
  const { AUTH_SECRET } = getEnv();
  // Server actions carry no workspace: they act in the session's own, which the signature vouches for.
  const sessionWorkspace = verifyToken<{ w: string }>("chat-session", token, AUTH_SECRET)?.w;
  if (!sessionWorkspace || (workspaceId && workspaceId !== sessionWorkspace)) return null;
  return customerFromSession(await getDb(), { token, workspaceId: sessionWorkspace, secret: AUTH_SECRET });
});

export async function startChatSession(session: {
  customerId: string;
  workspaceId: string;
  onlyConversationId?: string;
}) {
  const token = chatSessionToken(session, getEnv().AUTH_SECRET);
  (await cookies()).set(
    CHAT_COOKIE,
    token,
    cookieOptions(session.onlyConversationId ? LINK_SESSION_SECONDS : SESSION_SECONDS),
  );
}

export async function endChatSession() {
  (await cookies()).set(CHAT_COOKIE, "", cookieOptions(0));
}
