import { escapeHtml } from "@/lib/email/escape-html";

type Line = { authorName: string; body: string; sentAt: Date };

/** One email for every unseen message of one conversation: who wrote, what, and a way back. */
export function unseenMessagesEmail({
  workspaceName,
  conversationUrl,
  settingsUrl,
  messages,
}: {
  workspaceName: string;
  conversationUrl: string;
  settingsUrl: string;
  messages: Line[];
}) {
  const senders = [...new Set(messages.map((line) => line.authorName))];
  const who = senders.length === 1 ? senders[0] : `${senders.slice(0, -1).join(", ")} and ${senders.at(-1)}`;
  const subject =
    messages.length === 1 ? `New message from ${who}` : `${messages.length} new messages from ${who}`;
  const text = [
    `${subject} in ${workspaceName}:`,
    "",
    ...messages.map((line) => `${line.authorName}:\n${line.body}\n`),
    `Open the conversation: ${conversationUrl}`,
    "",
    `Notification settings: ${settingsUrl}`,
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2937;max-width:560px">
<p style="color:#4b5563">${escapeHtml(subject)} in <strong>${escapeHtml(workspaceName)}</strong></p>
${messages
  .map(
    (line) => `<div style="margin:12px 0;padding:10px 12px;border-left:3px solid #c7d2fe;background:#f8fafc">
<div style="font-weight:600">${escapeHtml(line.authorName)}</div>
<div style="white-space:pre-wrap">${escapeHtml(line.body)}</div></div>`,
  )
  .join("\n")}
<p><a href="${escapeHtml(conversationUrl)}" style="display:inline-block;background:#4338ca;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">Open the conversation</a></p>
<p style="color:#6b7280;font-size:12px"><a href="${escapeHtml(settingsUrl)}" style="color:#6b7280">Notification settings</a></p>
</body></html>`;
  return { subject, text, html };
}
