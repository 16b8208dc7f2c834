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
