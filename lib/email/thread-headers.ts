import { randomUUID } from "node:crypto";
import { bareAddress } from "./address";

/**
 * The headers that group a thread's emails in every mail client (RFC 5322 §3.6.4): each email has
 * a Message-ID of its own, and names the thread's one root id in In-Reply-To and References, as
 * a reply to it would. The root is never sent itself; clients thread on the reference alone (as
 * GitHub's notifications do). Ids are on the sender's own domain, as RFC 5322 asks.
 */
export function threadHeaders({ conversationId, domain }: { conversationId: string; domain: string }) {
  const root = threadRootId(conversationId, domain);
  return {
    "Message-ID": `<${randomUUID()}@${domain}>`,
    "In-Reply-To": root,
    References: root,
  };
}

export const threadRootId = (conversationId: string, domain: string) =>
  `<thread-${conversationId}@${domain}>`;

/** The domain of the configured sender ("Acme <help@acme.example>" → acme.example), for Message-IDs. */
export function senderDomain(from: string | undefined, appUrl: string) {
  return (from && bareAddress(from).split("@")[1]) || new URL(appUrl).hostname;
}
