import { type NextRequest, NextResponse } from "next/server";
import { getDb } from "@/db";
import { getChatContext } from "@/lib/chat/chat-context";
import { signInWithIdentity, widgetIdentityQuery } from "@/lib/chat/identity";
import { endChatSession, setChatSessionCookie } from "@/lib/chat/session-cookie";
import { getEnv } from "@/lib/env";
import { queryObject } from "@/lib/query-params";

export const dynamic = "force-dynamic";

/**
 * Where the widget's frame starts (public/widget.js), with the site's signed identity of its user
 * if it gives one (lib/chat/identity.ts); it then goes on to the chat page.
 * - A valid identity signs the frame in as that customer, replacing any other session.
 * - No identity, or one that does not verify: a session made from an identity ends, since the
 *   site no longer vouches for it (its user signed out, or the signature is forged); a visitor or
 *   a customer signed in by email stays as they are.
 * Only a frame may change the session: a link or a form on another site that opened this address
 * at the top level would otherwise sign the browser in as a person of that site's choosing.
 * A workspace that does not exist goes on to its chat address too, whose page says so in the panel.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { APP_URL, AUTH_SECRET } = getEnv();
  const context = await getChatContext(slug);
  const chatPage = NextResponse.redirect(
    new URL(`/chat/${encodeURIComponent(context?.workspace.slug ?? slug)}?embed=1`, APP_URL),
    303,
  );
  if (!context) return chatPage;
  const { workspace, actor } = context;
  // A browser too old to say where a request is for (Sec-Fetch-Dest) gets the chat, not a session.
  if (request.headers.get("sec-fetch-dest") !== "iframe") return chatPage;

  const identity = widgetIdentityQuery.parse(queryObject(request.nextUrl.searchParams));
  const signedIn =
    identity &&
    (await signInWithIdentity(await getDb(), {
      workspaceId: workspace.id,
      identity,
      current: actor,
      secret: AUTH_SECRET,
    }));
  if (signedIn?.session) {
    await endChatSession();
    await setChatSessionCookie(signedIn.session);
  } else if (!signedIn && actor?.viaIdentity) {
    await endChatSession();
  }
  return chatPage;
}
