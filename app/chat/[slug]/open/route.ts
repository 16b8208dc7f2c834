import { type NextRequest, NextResponse } from "next/server";
import { getDb } from "@/db";
import { requireChatContext } from "@/lib/chat/chat-context";
import { conversationLinkQuery } from "@/lib/chat/chat-params";
import { openConversationLink } from "@/lib/chat/open-conversation-link";
import { getBrowserChatActor, startChatSession } from "@/lib/chat/session-cookie";
import { answeringDomainErrors } from "@/lib/domain-error";
import { getEnv } from "@/lib/env";
import { queryObject } from "@/lib/query-params";

export const dynamic = "force-dynamic";

/**
 * The button in a customer's email. A genuine, unexpired link opens its conversation, signed in
 * as the rules in lib/chat/open-conversation-link.ts say; anything else lands on the chat page
 * with a note.
 */
export function GET(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  return answeringDomainErrors(async () => {
    const { workspace } = await requireChatContext((await params).slug);
    const { c: conversationId, t: token } = conversationLinkQuery.parse(
      queryObject(request.nextUrl.searchParams),
    );
    const { APP_URL, AUTH_SECRET } = getEnv();
    const outcome = await openConversationLink(await getDb(), {
      workspaceId: workspace.id,
      current: await getBrowserChatActor(),
      conversationId,
      token,
      secret: AUTH_SECRET,
    });
    if (!outcome.open)
      return NextResponse.redirect(new URL(`/chat/${workspace.slug}?link=${outcome.notice}`, APP_URL), 303);
    if (outcome.startSession) await startChatSession(outcome.startSession);
    return NextResponse.redirect(
      new URL(`/chat/${workspace.slug}/c/${outcome.conversationId}`, APP_URL),
      303,
    );
  });
}
