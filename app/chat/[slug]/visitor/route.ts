import { headers } from "next/headers";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { clientAddressOf, networkOf } from "@/lib/auth/client-address";
import { requireChatContext } from "@/lib/chat/chat-context";
import { endChatSession, setChatSessionCookie } from "@/lib/chat/session-cookie";
import { startVisitorConversation } from "@/lib/chat/visitors";
import { messageBodyInput } from "@/lib/conversations/message-body";
import { startConversationAsCustomer } from "@/lib/conversations/start-conversation";
import { answeringDomainErrors, DomainError } from "@/lib/domain-error";
import { getEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

const input = z.object({
  body: messageBodyInput,
  // The key a lost answer's retry is found by (lib/chat/visitors.ts), so long enough to be unguessable.
  clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{32,100}$/, "Invalid client message id."),
});

/**
 * Someone on the chat page with no session sends their first message: they become a visitor, and
 * the answer carries their session cookie. A route rather than a server action so that its limits
 * answer 429 with Retry-After. It sets a session, so only the app's own pages may call it: a form
 * on another site must not sign a browser in as a visitor whose session that site could take back.
 */
export function POST(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  return answeringDomainErrors(async () => {
    const { APP_URL, AUTH_SECRET } = getEnv();
    if (request.headers.get("origin") !== new URL(APP_URL).origin)
      throw new DomainError("forbidden", "Send your message from the chat page.");
    const { workspace, actor } = await requireChatContext((await params).slug);
    const parsed = input.safeParse(await request.json().catch(() => null));
    if (!parsed.success)
      throw new DomainError("invalid_input", parsed.error.issues[0]?.message ?? "Write a message to send.");
    const db = await getDb();
    // Signed in already (another tab got there first): their new conversation, as from the chat page.
    if (actor) return Response.json(await startConversationAsCustomer(db, { actor, ...parsed.data }));
    const { posted, session } = await startVisitorConversation(db, {
      workspaceId: workspace.id,
      ...parsed.data,
      clientAddress: networkOf(clientAddressOf(await headers())),
      secret: AUTH_SECRET,
    });
    // A session for another workspace's chat is replaced: it ends rather than lingers unheld.
    await endChatSession();
    await setChatSessionCookie(session);
    return Response.json(posted, { status: 201 });
  });
}
