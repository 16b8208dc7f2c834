import { escapeHtml } from "@/lib/email/escape-html";

export function signInLinkEmail({ url, workspaceName }: { url: string; workspaceName: string }) {
  const subject = `Your sign-in link for ${workspaceName}`;
  const text = `Sign in to ${workspaceName}:\n${url}\n\nThe link works once and expires in 30 minutes. If you did not ask for it, ignore this email.`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2937">
<p>Sign in to <strong>${escapeHtml(workspaceName)}</strong>.</p>
<p><a href="${escapeHtml(url)}" style="display:inline-block;background:#4338ca;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">Sign in</a></p>
<p style="color:#6b7280;font-size:13px">The link works once and expires in 30 minutes. If you did not ask for it, ignore this email.</p>
</body></html>`;
  return { subject, text, html };
}
