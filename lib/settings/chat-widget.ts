/**
 * Where a workspace's customers chat with it: the hosted chat page, and the one line a site adds to
 * show the widget (public/widget.js), which opens that page in a panel. Both on APP_URL.
 */
export function chatWidgetAddresses(appUrl: string, slug: string) {
  const origin = new URL(appUrl).origin;
  return {
    chatPage: `${origin}/chat/${slug}`,
    snippet: `<script src="${origin}/widget.js" data-workspace="${slug}" async></script>`,
  };
}

/** A site's signed-in user, as its server writes them into the widget's tag (lib/chat/identity.ts). */
export type TaggedUser = { id: string; email: string; name: string; hash: string };

/** What the settings page shows in place of a real user's values. */
const PLACEHOLDERS: TaggedUser = { id: "USER_ID", email: "USER_EMAIL", name: "USER_NAME", hash: "USER_HASH" };

const attribute = (value: string) =>
  value.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** The widget's line with identity verification, for a user or with placeholders. */
export function identitySnippet(appUrl: string, slug: string, user: TaggedUser = PLACEHOLDERS) {
  const origin = new URL(appUrl).origin;
  return [
    `<script src="${origin}/widget.js" data-workspace="${slug}"`,
    `  data-user-id="${attribute(user.id)}" data-user-email="${attribute(user.email)}"`,
    `  data-user-name="${attribute(user.name)}" data-user-hash="${attribute(user.hash)}" async></script>`,
  ].join("\n");
}

/** How a site's server signs its user's id (Node); the README shows the same. */
export const IDENTITY_HASH_EXAMPLE = `import crypto from "node:crypto";

// On your server, for the signed-in user. The secret stays there, never in the page.
const userHash = crypto
  .createHmac("sha256", process.env.CHAT_IDENTITY_SECRET)
  .update(String(user.id))
  .digest("hex");`;
