import { unsubscribeToken } from "@/lib/notifications/unsubscribe-links";
import { verifyToken } from "./signed-token";

/**
 * Emails sent before the one-click links (lib/notifications/unsubscribe-links.ts) carry an
 * Unsubscribe link of the first kind, `/chat/<slug>/unsubscribe?t=…`, good for a year. Its page
 * sends the customer on to the one-click link's page for the same customer of that workspace,
 * where the choice is made: this is that page's address, or null for a link that is altered,
 * forged or expired.
 */
export function oneClickPageOfOldLink(
  { token, workspaceId }: { token: string; workspaceId: string },
  secret: string,
  now?: Date,
) {
  const customerId = verifyToken<{ c: string }>("unsubscribe", token, secret, now)?.c;
  if (!customerId) return null;
  const oneClick = unsubscribeToken({ kind: "customer", id: customerId, workspaceId }, secret);
  return `/unsubscribe/${encodeURIComponent(oneClick)}/confirm`;
}
