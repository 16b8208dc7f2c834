import { expect, test } from "./fixtures";

test("the messenger installs as an app: its manifest, icons and service worker, on the team's pages only", async ({
  signIn,
  newContext,
}) => {
  const alice = await signIn("alice@acme.test");
  await expect(alice.locator('link[rel="manifest"]')).toHaveAttribute("href", "/app.webmanifest");

  const manifest = await (await alice.request.get("/app.webmanifest")).json();
  expect(manifest).toMatchObject({
    name: "Helpdesk Messenger",
    start_url: "/messenger",
    display: "standalone",
  });
  const sizes = new Set<string>();
  for (const icon of manifest.icons as { src: string; sizes: string }[]) {
    const response = await alice.request.get(icon.src);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
    sizes.add(icon.sizes);
  }
  expect([...sizes].sort()).toEqual(["192x192", "512x512"]);

  const worker = await alice.request.get("/sw.js");
  expect(worker.status()).toBe(200);
  expect(worker.headers()["content-type"]).toMatch(/javascript/);
  // The page registers it; it controls the messenger once active.
  expect(await alice.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL)).toMatch(
    /\/sw\.js$/,
  );

  // The customers' chat page is not this app.
  const visitor = await (await newContext()).newPage();
  await visitor.goto("/chat/acme");
  await expect(visitor.locator('link[rel="manifest"]')).toHaveCount(0);
});

test("a push shows a notification, and a second one about the same thread replaces it", async ({
  signIn,
}) => {
  const alice = await signIn("alice@acme.test");
  const origin = new URL(alice.url()).origin;
  await alice.context().grantPermissions(["notifications"], { origin });
  await alice.evaluate(() => navigator.serviceWorker.ready);

  // Chrome's DevTools protocol hands a push to the service worker, as a push service would.
  const cdp = await alice.context().newCDPSession(alice);
  const registrationId = new Promise<string>((resolve) =>
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const found = registrations.find((registration) => registration.scopeURL === `${origin}/`);
      if (found) resolve(found.registrationId);
    }),
  );
  await cdp.send("ServiceWorker.enable");
  const push = async (data: object) =>
    cdp.send("ServiceWorker.deliverPushMessage", {
      origin,
      registrationId: await registrationId,
      data: JSON.stringify(data),
    });
  const shown = () =>
    alice.evaluate(async () =>
      (await (await navigator.serviceWorker.ready).getNotifications()).map((notification) => ({
        title: notification.title,
        body: notification.body,
        tag: notification.tag,
        url: (notification.data as { url: string }).url,
      })),
    );

  await push({ title: "Bob Builder", body: "First", url: "/messenger/c/one", tag: "thread-one" });
  await expect
    .poll(shown)
    .toEqual([{ title: "Bob Builder", body: "First", tag: "thread-one", url: "/messenger/c/one" }]);
  await push({ title: "Bob Builder", body: "Second", url: "/messenger/c/one", tag: "thread-one" });
  await expect
    .poll(shown)
    .toEqual([{ title: "Bob Builder", body: "Second", tag: "thread-one", url: "/messenger/c/one" }]);
  await push({ title: "Carol Chen", body: "Other", url: "/messenger/c/two", tag: "thread-two" });
  await expect
    .poll(async () => (await shown()).map((notification) => notification.tag).sort())
    .toEqual(["thread-one", "thread-two"]);
});
