import { type NextRequest, NextResponse } from "next/server";
import { getDb } from "@/db";
import { customerOfConversationLink } from "@/lib/chat/conversation-links";
import { loadCustomerActor } from "@/lib/chat/customer-session";
import { getChatActor, startChatSession } from "@/lib/chat/session-cookie";
import { getEnv } from "@/lib/env";
import { findWorkspaceBySlug } from "@/lib/workspaces";

export const dynamic = "force-dynamic";

/**
 * The button in a customer's email: `?c=<conversation>&t=<signed link>`. A genuine, unexpired
 * link signs its customer in to that conversation only (or keeps their full session, if they
 * already have one) and opens it. Anything else lands on the chat page with a note.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const db = await getDb();
  const workspace = await findWorkspaceBySlug(db, slug);
  if (!workspace) return new NextResponse("Not found", { status: 404 });
  const conversationId = request.nextUrl.searchParams.get("c") ?? "";
  const token = request.nextUrl.searchParams.get("t") ?? "";
  const { APP_URL, AUTH_SECRET } = getEnv();

  const customerId = customerOfConversationLink({ token, conversationId }, AUTH_SECRET);
  // The customer must still exist in this workspace; the signature alone does not say so.
  const customer = customerId && (await loadCustomerActor(db, { customerId, workspaceId: workspace.id }));
  if (!customer) return NextResponse.redirect(new URL(`/chat/${workspace.slug}?link=expired`, APP_URL), 303);

  const current = await getChatActor(workspace.id);
  // A link never replaces another customer's session: whoever sent it cannot sign this browser in
  // as themselves behind its owner's back.
  if (current && current.customerId !== customer.customerId)
    return NextResponse.redirect(new URL(`/chat/${workspace.slug}?link=other`, APP_URL), 303);
  if (!current || current.onlyConversationId) {
    await startChatSession({
      customerId: customer.customerId,
      workspaceId: workspace.id,
      onlyConversationId: conversationId,
    });
  }
  return NextResponse.redirect(new URL(`/chat/${workspace.slug}/c/${conversationId}`, APP_URL), 303);
}
