import type { BrowserContext, Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, expectNoAxeViolations, startConversationWith, test } from "./fixtures";

/**
 * Headless Chromium has no push service to subscribe at (subscribe() is refused here), so the
 * page's PushManager answers as a browser would, with a subscription at an address where nothing
 * listens: the fake stands at the edge of the browser's push service, as fake Resend does for
 * email. The server-side sending is proved against a local push service in
 * lib/notifications/push-sweep.test.ts. The subscription lives in localStorage, so it outlives a reload.
 */
async function fakePushService(context: BrowserContext) {
  await context.addInitScript(() => {
    const stored = "e2e-push-subscription";
    const bytesOf = (base64url: string) =>
      Uint8Array.from(atob(base64url.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    const asSubscription = (saved: { endpoint: string; serverKey: string }) => ({
      endpoint: saved.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: bytesOf(saved.serverKey).buffer },
      toJSON: () => ({
        endpoint: saved.endpoint,
        expirationTime: null,
        // A P-256 public key and a 16-byte secret, as a browser's would be.
        keys: {
          p256dh: "BBFgI2ttkaSv7KRNq0HaINosUN92W7xIVSPBLciet54vS0MO4438G99d7xNMrdhE7KYkkoNOb_gpiFvPOM96mfs",
          auth: "AAAAAAAAAAAAAAAAAAAAAA",
        },
      }),
      unsubscribe: async () => {
        localStorage.removeItem(stored);
        return true;
      },
    });
    const current = () => {
      const saved = localStorage.getItem(stored);
      return saved ? asSubscription(JSON.parse(saved)) : null;
    };
    PushManager.prototype.getSubscription = async () => current() as unknown as PushSubscription;
    PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
      const saved = {
        endpoint: `https://127.0.0.1:9/push/${crypto.randomUUID()}`,
        serverKey: String(options?.applicationServerKey),
      };
      localStorage.setItem(stored, JSON.stringify(saved));
      return asSubscription(saved) as unknown as PushSubscription;
    };
  });
}

async function saveSettings(page: Page) {
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("form", { name: "Notification settings" }).getByRole("status")).toHaveText(
    "Saved",
  );
}

async function signInWithPush(signIn: (email: string) => Promise<Page>, email: string) {
  const page = await signIn(email);
  await page.context().grantPermissions(["notifications"], { origin: new URL(page.url()).origin });
  await fakePushService(page.context());
  return page;
}

test("push is turned on for this device, listed, chosen like email, and removed", async ({ signIn }) => {
  const carol = await signInWithPush(signIn, "carol@acme.test");
  await carol.goto("/settings/notifications");
  // The page registered the service worker that shows the pushes.
  expect(await carol.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL)).toMatch(
    /\/sw\.js$/,
  );
  const onThisDevice = carol.getByRole("switch", { name: "Push notifications on this device" });
  await expect(onThisDevice).not.toBeChecked();
  await expect(carol.getByText(/None yet\. Turn push on above/)).toBeVisible();
  await expect(carol.getByRole("button", { name: "Send a test notification" })).toBeDisabled();
  await expectNoAxeViolations(carol);

  await onThisDevice.click();
  await expect(onThisDevice).toBeChecked();
  const devices = carol.getByRole("region", { name: "Push notifications" }).getByRole("listitem");
  await expect(devices).toHaveCount(1);
  await expect(devices.first()).toContainText("This device");
  // Still on after a reload: the browser's subscription is the one saved.
  await carol.reload();
  await expect(onThisDevice).toBeChecked();

  // A test notification is tried at once; nothing listens at this device's push address.
  await carol.getByRole("button", { name: "Send a test notification" }).click();
  await expect(carol.getByText(/no answer/)).toBeVisible();

  // The push choice has email's three levels, in a group of its own.
  const push = carol.getByRole("group", { name: "Push" });
  await expect(push.getByRole("radio", { name: "All messages" })).toBeChecked();
  await push.getByRole("radio", { name: "Only direct conversations and mentions" }).check();
  await saveSettings(carol);
  await carol.reload();
  await expect(
    carol
      .getByRole("group", { name: "Push" })
      .getByRole("radio", { name: "Only direct conversations and mentions" }),
  ).toBeChecked();
  await expect(
    carol
      .getByRole("group", { name: "Email me about messages I have not seen" })
      .getByRole("radio", { name: "All messages" }),
  ).toBeChecked();
  await expectNoAxeViolations(carol);

  await carol.getByRole("button", { name: /^Remove / }).click();
  await expect(carol.getByText(/None yet\. Turn push on above/)).toBeVisible();
  await expect(onThisDevice).not.toBeChecked();

  // Back on, then off with the switch: the device goes from the list too.
  await onThisDevice.click();
  await expect(devices).toHaveCount(1);
  await onThisDevice.click();
  await expect(carol.getByText(/None yet\. Turn push on above/)).toBeVisible();
  // As it was, for the other tests.
  await carol.getByRole("group", { name: "Push" }).getByRole("radio", { name: "All messages" }).check();
  await saveSettings(carol);
});

test("signing out forgets this browser: a shared computer is pushed nothing of the one who left", async ({
  signIn,
}) => {
  const carol = await signInWithPush(signIn, "carol@acme.test");
  await carol.goto("/settings/notifications");
  await carol.getByRole("switch", { name: "Push notifications on this device" }).click();
  await expect(carol.getByRole("region", { name: "Push notifications" }).getByRole("listitem")).toHaveCount(
    1,
  );

  await carol.getByRole("button", { name: /account menu/ }).click();
  await carol.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await expect(carol).toHaveURL(/\/login/);
  await carol.getByLabel("Email", { exact: true }).fill("carol@acme.test");
  await carol.getByLabel("Password").fill(DEMO_PASSWORD);
  await carol.getByRole("button", { name: "Sign in" }).click();
  await expect(carol).toHaveURL(/\/messenger/);
  await carol.goto("/settings/notifications");
  await expect(carol.getByText(/None yet\. Turn push on above/)).toBeVisible();
  await expect(carol.getByRole("switch", { name: "Push notifications on this device" })).not.toBeChecked();
});

test("clicking a notification opens its thread in the team's tab, never in a chat page", async ({
  signIn,
}) => {
  const alice = await signIn("alice@acme.test");
  const threadUrl = await startConversationWith(alice, "Bob Builder", `Open me ${Date.now()}`);
  const thread = new URL(threadUrl).pathname;
  // The same browser has the customers' chat page open too, first.
  const chat = await alice.context().newPage();
  await chat.goto("/chat/acme");
  await alice.goto("/messenger");
  await alice.evaluate(() => navigator.serviceWorker.ready);
  const [serviceWorker] = alice.context().serviceWorkers();
  if (!serviceWorker) throw new Error("the messenger's service worker is not running");
  // What the click handler runs (public/sw.js).
  const click = () =>
    serviceWorker.evaluate(
      (url) => (self as unknown as { openThread: (url: string) => Promise<unknown> }).openThread(url),
      thread,
    );
  await click();
  await expect(alice).toHaveURL(new RegExp(`${thread}$`));
  await expect(alice.getByRole("list", { name: "Conversation history" })).toBeVisible();
  await expect(chat).toHaveURL(/\/chat\/acme$/);
  // Already there: the tab stays on the thread, and no other opens.
  await click();
  expect(alice.context().pages()).toHaveLength(2);
  await expect(alice).toHaveURL(new RegExp(`${thread}$`));
});
