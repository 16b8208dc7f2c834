// The messenger's service worker (issue 17): it shows the pushes the server sends, one
// notification per thread, and opens the thread when one is clicked. It caches nothing: the
// messenger is live, and a stale copy of it would be wrong.

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// The payload (lib/push/): { title, body, url, tag }. A later push with the same tag (the same
// thread) replaces the notification rather than stacking another.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : "" };
  }
  const title = typeof data.title === "string" && data.title ? data.title : "Helpdesk Messenger";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === "string" ? data.body : "",
      tag: typeof data.tag === "string" ? data.tag : undefined,
      renotify: typeof data.tag === "string",
      icon: "/icons/icon-192.png",
      badge: "/icons/maskable-192.png",
      data: { url: typeof data.url === "string" ? data.url : "/messenger" },
    }),
  );
});

// A click opens the notification's thread.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openThread(event.notification.data?.url ?? "/messenger"));
});

// Focuses a tab already on that thread, or else takes any tab of the messenger there, or opens a
// new one. A function of its own so the browser tests can run it: no browser lets a test click a
// notification. Focusing needs the click's user activation; without it the tab is still the one.
async function openThread(url) {
  const target = new URL(url, self.location.origin);
  if (target.origin !== self.location.origin) return null;
  // The team's own tabs only: never a customer's chat page, nor the widget framed in someone's site.
  const tabs = (await self.clients.matchAll({ type: "window", includeUncontrolled: true })).filter(
    (tab) => tab.frameType === "top-level" && !new URL(tab.url).pathname.startsWith("/chat"),
  );
  const onThread = tabs.find((tab) => new URL(tab.url).pathname === target.pathname);
  if (onThread) return onThread.focus().catch(() => onThread);
  const anyTab = tabs.find((tab) => "navigate" in tab);
  // navigate() is refused for a tab this worker does not control: then a new tab it is.
  const moved = anyTab ? await anyTab.navigate(target.href).catch(() => null) : null;
  if (moved) return moved.focus().catch(() => moved);
  return self.clients.openWindow(target.href);
}
