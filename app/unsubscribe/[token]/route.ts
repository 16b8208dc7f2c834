import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { DomainError } from "@/lib/domain-error";
import { getEnv } from "@/lib/env";
import { setEmailSubscription } from "@/lib/notifications/unsubscribe-links";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string }> };
const token = z.string().min(1).max(1000);

/**
 * RFC 8058 one-click unsubscribing: the mail client's own Unsubscribe button POSTs
 * `List-Unsubscribe=One-Click` here, with no cookies and long after the email came. The signed
 * token in the address is the whole authority, so there is no session or CSRF check; an altered or
 * forged token changes nothing. The answer is 200 and a line of text, no redirect.
 */
export async function POST(_request: Request, { params }: Params) {
  const { AUTH_SECRET } = getEnv();
  const parsed = token.safeParse((await params).token);
  try {
    if (!parsed.success) throw invalid;
    await setEmailSubscription(await getDb(), { token: parsed.data, subscribed: false, secret: AUTH_SECRET });
  } catch (error) {
    if (error instanceof DomainError) return text(400, error.message);
    throw error;
  }
  return text(200, "You will no longer get these emails.");
}

/**
 * Opening the link changes nothing (mail scanners and link previews fetch links): it shows the page
 * whose button unsubscribes, and offers to undo. A route and a page cannot share an address, so the
 * page is one level down.
 */
export async function GET(_request: Request, { params }: Params) {
  const { token } = await params;
  return NextResponse.redirect(
    new URL(`/unsubscribe/${encodeURIComponent(token)}/confirm`, getEnv().APP_URL),
    303,
  );
}

const invalid = new DomainError("unsubscribe_link_invalid", "This unsubscribe link is not valid.");
const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
