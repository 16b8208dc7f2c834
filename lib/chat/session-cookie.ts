import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/db";
import type { CustomerActor } from "@/lib/auth/actor";
import { clientAddressOf, networkOf } from "@/lib/auth/client-address";
import { endSession } from "@/lib/auth/sessions";
import { getEnv } from "@/lib/env";
import {
  type ChatSession,
  customerFromSession,
  readChatSessionToken,
  startCustomerSession,
} from "./customer-session";

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

/**
 * The customer this browser's chat session names, whichever workspace it is in (checked against
 * the database); once per request. Links use it to see whose session they would replace.
 */
export const getBrowserChatActor = cache(async (): Promise<CustomerActor | null> => {
  const token = (await cookies()).get(CHAT_COOKIE)?.value;
  const { AUTH_SECRET } = getEnv();
  const payload = readChatSessionToken(token, AUTH_SECRET);
  if (!payload) return null;
  const actor = await customerFromSession(await getDb(), {
    token,
    workspaceId: payload.w,
    secret: AUTH_SECRET,
  });
  return actor && { ...actor, clientAddress: networkOf(clientAddressOf(await headers())) };
});

/**
 * The signed-in customer for the workspace of the chat page being shown (null if the session is for
 * another workspace). Server actions carry no workspace: they act in the session's own, which the
 * signature vouches for.
 */
export async function getChatActor(workspaceId?: string): Promise<CustomerActor | null> {
  const actor = await getBrowserChatActor();
  return actor && (!workspaceId || actor.workspaceId === workspaceId) ? actor : null;
}

export async function startChatSession(session: ChatSession) {
  await setChatSessionCookie(await startCustomerSession(await getDb(), session, getEnv().AUTH_SECRET));
}

/** Gives the browser a session already started (lib/chat/customer-session.ts#startCustomerSession). */
export async function setChatSessionCookie({ token, seconds }: { token: string; seconds: number }) {
  (await cookies()).set(CHAT_COOKIE, token, cookieOptions(seconds));
}

/** Signing out of the chat: the session ends on the server, then the cookie goes. */
export async function endChatSession() {
  const jar = await cookies();
  const payload = readChatSessionToken(jar.get(CHAT_COOKIE)?.value, getEnv().AUTH_SECRET);
  if (payload) await endSession(await getDb(), payload.s);
  jar.set(CHAT_COOKIE, "", cookieOptions(0));
}
