// Live cues between the team and a customer (issue 14): typing both ways (never for an internal
// message), closing and reopening, the unread count in the tab's title and on the widget's
// launcher, and the chat page's one header.
import type { Browser, BrowserContext, Page } from "@playwright/test";
import {
  clickUntil,
  expect,
  expectNoAxeViolations,
  signInToChat,
  test,
  typeUntilSeen,
  unreadOf,
  writeToCustomer,
} from "./fixtures";

const DANA = "dana@customer.test";

// Dana signs in once for the whole file (a sign-in link per address is limited to a few in 15
// minutes); each test opens her own browser with that session.
let danaSession: Awaited<ReturnType<BrowserContext["storageState"]>>;
const danaContexts: BrowserContext[] = [];
test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  await signInToChat(await context.newPage(), DANA);
  danaSession = await context.storageState();
  await context.close();
});
test.afterEach(async () => {
  await Promise.all(danaContexts.splice(0).map((context) => context.close()));
});

/** Dana's browser, signed in to the chat, with every typing notice her page receives recorded (either driver). */
async function danaSignedIn(browser: Browser, viewport?: { width: number; height: number }) {
  const context = await browser.newContext({ storageState: danaSession, ...(viewport && { viewport }) });
  danaContexts.push(context);
  await context.addInitScript(() => {
    const recorded: string[] = [];
    Object.assign(window, { typingNotices: recorded });
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener("typing", (event) => recorded.push((event as MessageEvent<string>).data));
      }
    };
    // On Pusher (the fleet's run on Soketi), the notices come as WebSocket frames.
    const NativeSocket = window.WebSocket;
    window.WebSocket = class extends NativeSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener("message", (event) => {
          const frame = JSON.parse(String((event as MessageEvent).data)) as { event?: string };
          if (frame.event === "typing") recorded.push(String((event as MessageEvent).data));
        });
      }
    };
  });
  const dana = await context.newPage();
  await dana.goto("/chat/acme");
  await expect(dana.getByRole("heading", { name: "Your conversations" })).toBeVisible();
  return dana;
}

const typingNotices = (page: Page) =>
  page.evaluate(() => (window as unknown as { typingNotices: string[] }).typingNotices.length);

test.describe.configure({ mode: "serial" });

test("typing shows both ways, and an internal message never shows the customer anything", async ({
  signIn,
  browser,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  const conversationId = await writeToCustomer(alice, "Dana", `Typing test ${run}`);
  const dana = await danaSignedIn(browser);
  await dana.goto(`/chat/acme/c/${conversationId}`);
  await expect(dana.getByRole("list", { name: "Conversation history" })).toContainText(`Typing test ${run}`);

  // Alice writes a reply: Dana sees her typing.
  const aliceBox = alice.getByRole("textbox", { name: "Message" });
  await typeUntilSeen(aliceBox, dana, "Alice Admin", "Let me ch");

  // Dana writes: Alice sees her typing.
  await dana.getByRole("textbox", { name: "Message" }).pressSequentially("I also w");
  await expect(alice.getByText("Dana Diaz is typing…")).toBeVisible({ timeout: 3_000 });
  await dana.getByRole("textbox", { name: "Message" }).fill("");

  // Alice switches to an internal message and types for a while: Dana's page gets no notice at all.
  await aliceBox.fill("");
  await expect(dana.getByText("Alice Admin is typing…")).toBeHidden({ timeout: 6_000 });
  const before = await typingNotices(dana);
  await clickUntil(
    alice.getByRole("tab", { name: "Note" }),
    alice.getByRole("tab", { name: "Note", selected: true }),
  );
  await aliceBox.pressSequentially("NOTE she was refunded twice", { delay: 150 }); // about 4 s: two notices
  await expect(alice.getByRole("tab", { name: "Note", selected: true })).toBeVisible();
  await dana.waitForTimeout(1_500);
  await expect(dana.getByText("Alice Admin is typing…")).toBeHidden();
  expect(await typingNotices(dana), "typing notices Dana received while Alice wrote a note").toBe(before);

  // Back to a reply: Dana sees her typing again at once (so the recording above was listening).
  await alice.getByRole("tab", { name: "Reply" }).click();
  await aliceBox.fill("");
  await aliceBox.pressSequentially("Sorted");
  await expect(dana.getByText("Alice Admin is typing…")).toBeVisible({ timeout: 3_000 });
  expect(await typingNotices(dana)).toBeGreaterThan(before);
  await expectNoAxeViolations(dana);
  // Her message in: the line goes.
  await aliceBox.press("Enter");
  await expect(dana.getByRole("list", { name: "Conversation history" })).toContainText("Sorted");
  await expect(dana.getByText("Alice Admin is typing…")).toBeHidden();
});

test("closing and reopening show at once on the customer's page, and as a line in the team's thread", async ({
  signIn,
  browser,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  const conversationId = await writeToCustomer(alice, "Dana", `Status test ${run}`);
  const dana = await danaSignedIn(browser);
  const danaHome = await dana.context().newPage();
  await danaHome.goto("/chat/acme");
  const homeRow = danaHome
    .getByRole("list", { name: "Conversations" })
    .locator(`a[href="/chat/acme/c/${conversationId}"]`);
  await expect(homeRow).toContainText("Open");
  await dana.goto(`/chat/acme/c/${conversationId}`);
  await expect(dana.getByRole("list", { name: "Conversation history" })).toContainText(`Status test ${run}`);
  const banner = dana.getByText("This conversation was closed. Write a reply to reopen it.");
  await expect(banner).toBeHidden();

  const aliceHistory = alice.getByRole("list", { name: "Conversation history" });
  const conversationPage = `/messenger/c/${conversationId}`;
  await alice.getByRole("button", { name: "Close", exact: true }).click();
  await expect(banner).toBeVisible({ timeout: 3_000 });
  await expect(homeRow).toContainText("Closed");
  await expectNoAxeViolations(dana);
  // Alice moves on to the next open conversation; the closed one has the line.
  await expect(alice).not.toHaveURL(new RegExp(conversationPage));
  await alice.goto(`${conversationPage}?view=closed`);
  await expect(aliceHistory.getByText("Alice Admin closed this conversation")).toBeVisible();

  await clickUntil(
    alice.getByRole("button", { name: "Reopen" }),
    alice.getByRole("button", { name: "Close", exact: true }),
  );
  await expect(aliceHistory.getByText("Alice Admin reopened this conversation")).toBeVisible();
  await expect(banner).toBeHidden({ timeout: 3_000 });
  await expect(homeRow).toContainText("Open");

  // Closed again, then Dana's reply reopens it: gone from her page at once, open again for Alice.
  await alice.getByRole("button", { name: "Close", exact: true }).click();
  await expect(banner).toBeVisible({ timeout: 3_000 });
  await dana.getByRole("textbox", { name: "Message" }).fill(`Not solved yet ${run}`);
  await dana.getByRole("button", { name: "Send" }).click();
  await expect(banner).toBeHidden({ timeout: 3_000 });
  await alice.goto(`${conversationPage}?view=open`);
  await expect(aliceHistory.getByText(`Not solved yet ${run}`)).toBeVisible();
  await expect(alice.getByRole("button", { name: "Close", exact: true })).toBeVisible();

  // The lines are the team's: Dana's page never shows them. (A reload that lands while the page's
  // own refresh is under way is aborted: try it again.)
  await expect(() => dana.reload()).toPass({ timeout: 15_000 });
  await expect(dana.getByRole("list", { name: "Conversation history" })).toContainText(
    `Not solved yet ${run}`,
  );
  await expect(dana.locator("body")).not.toContainText("closed this conversation");
  await expect(dana.locator("body")).not.toContainText("reopened this conversation");
  // Her own row reads "You: …".
  await danaHome.goto("/chat/acme");
  await expect(homeRow).toContainText(`You: Not solved yet ${run}`);
});

test("the tab's title carries the unread count, on the team's side and the customer's", async ({
  signIn,
  browser,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const bob = await signIn("bob@acme.test");
  const before = await unreadOf(bob);
  const count = (n: number) => (n > 0 ? `(${n}) ` : "");
  await expect(bob).toHaveTitle(`${count(before)}Messenger · Acme Support`);

  // Alice writes to Bob and to Dana: both titles go up, live.
  const alice = await signIn("alice@acme.test");
  const dana = await danaSignedIn(browser);
  // Her list marks each conversation with a reply she has not read.
  const danaBefore = await dana
    .getByRole("list", { name: "Conversations" })
    .getByText("New reply", { exact: true })
    .count();
  await expect(dana).toHaveTitle(`${count(danaBefore)}Acme Support`);
  const conversationId = await writeToCustomer(alice, "Dana", `Title test ${run}`);
  await expect(dana).toHaveTitle(`(${danaBefore + 1}) Acme Support`);
  await alice.goto("/messenger?view=sent&draft=user");
  await alice.getByRole("combobox", { name: "To" }).fill("@Bob");
  await alice.getByRole("option", { name: /Bob Builder/ }).click();
  await alice.getByRole("textbox", { name: "Message" }).fill(`For Bob ${run}`);
  await alice.getByRole("button", { name: "Create new conversation" }).click();
  await expect(bob).toHaveTitle(`(${before + 1}) Messenger · Acme Support`);
  // Other pages keep their own names, with the count in front.
  await bob.getByRole("link", { name: "Items", exact: true }).click();
  await expect(bob).toHaveTitle(`(${before + 1}) Items · Acme Support`);

  // Dana reads it: her count drops.
  await dana.goto(`/chat/acme/c/${conversationId}`);
  await expect(dana.getByRole("list", { name: "Conversation history" })).toContainText(`Title test ${run}`);
  await expect(dana).toHaveTitle(`${count(danaBefore)}Acme Support`);
});

test.describe("in the widget", () => {
  test("a reply while the panel is closed shows a badge and its public text, never a note's", async ({
    signIn,
    browser,
  }) => {
    const run = Math.random().toString(36).slice(2, 8);
    const alice = await signIn("alice@acme.test");
    const conversationId = await writeToCustomer(alice, "Dana", `Widget cue ${run}`);
    const dana = await danaSignedIn(browser);
    await dana.goto("/widget-demo");
    const launcher = dana.getByRole("button", { name: /^Open chat/ });
    await launcher.click();
    const frame = dana.frameLocator('iframe[title="Live chat"]');
    await frame.getByRole("link", { name: new RegExp(`Widget cue ${run}`) }).click();
    await expect(frame.getByRole("list", { name: "Conversation history" })).toContainText(
      `Widget cue ${run}`,
    );
    await frame.getByRole("button", { name: "Close chat" }).click();
    await expect(dana.locator('iframe[title="Live chat"]')).toBeHidden();

    const badge = dana.locator("helpdesk-chat-widget .badge");
    const card = dana.locator("helpdesk-chat-widget .preview");
    // An internal note while closed: nothing at all.
    await alice.goto(`/messenger/c/${conversationId}`);
    await clickUntil(
      alice.getByRole("tab", { name: "Note" }),
      alice.getByRole("tab", { name: "Note", selected: true }),
    );
    await alice.getByRole("textbox", { name: "Message" }).fill(`SECRET NOTE about Dana ${run}`);
    await alice.getByRole("button", { name: "Send" }).click();
    await expect(alice.getByRole("list", { name: "Conversation history" })).toContainText("SECRET NOTE");
    await dana.waitForTimeout(1_500);
    await expect(badge).toBeHidden();
    await expect(card).toBeHidden();

    // A reply: the badge and a card with its text.
    await alice.getByRole("tab", { name: "Reply" }).click();
    await alice.getByRole("textbox", { name: "Message" }).fill(`Your refund is on its way ${run}`);
    await alice.getByRole("button", { name: "Send" }).click();
    await expect(badge).toHaveText("1");
    await expect(dana.getByRole("button", { name: "Open chat, 1 new reply" })).toBeVisible();
    await expect(card).toBeVisible();
    await expect(card).toContainText("Alice Admin");
    await expect(card).toContainText(`Your refund is on its way ${run}`);
    // Named by the words it shows (a voice user says what they see), which axe checks.
    await expect(
      card.getByRole("button", { name: `New reply from Alice Admin Your refund is on its way ${run}` }),
    ).toBeVisible();
    await expectNoAxeViolations(dana);
    // Another note after it changes nothing of the card.
    await clickUntil(
      alice.getByRole("tab", { name: "Note" }),
      alice.getByRole("tab", { name: "Note", selected: true }),
    );
    await alice.getByRole("textbox", { name: "Message" }).fill(`SECRET NOTE again ${run}`);
    await alice.getByRole("button", { name: "Send" }).click();
    await expect(alice.getByRole("list", { name: "Conversation history" })).toContainText(
      "SECRET NOTE again",
    );
    await dana.waitForTimeout(1_500);
    await expect(card).toContainText(`Your refund is on its way ${run}`);
    await expect(dana.locator("helpdesk-chat-widget")).not.toContainText("SECRET NOTE");
    await dana.screenshot({ path: "test-results/live-cues-widget-card.png" });

    // Opening the panel clears the badge; the reply is there; closing brings no badge back.
    await card.getByRole("button", { name: /New reply from Alice Admin/ }).click();
    await expect(frame.getByRole("list", { name: "Conversation history" })).toContainText(
      `Your refund is on its way ${run}`,
    );
    await expect(badge).toBeHidden();
    await expect(card).toBeHidden();
    await frame.getByRole("button", { name: "Close chat" }).click();
    await expect(dana.locator('iframe[title="Live chat"]')).toBeHidden();
    await expect(badge).toBeHidden();
    await expect(dana.getByRole("button", { name: "Open chat", exact: true })).toBeVisible();

    // The next page view: this browser's customer is remembered, so the chat loads in the
    // background (panel closed), and a reply shows on the launcher without her opening anything.
    // Closed, it does not count her as on the chat: no server action at all (no heartbeat, no read).
    const actions: string[] = [];
    dana.on("request", (request) => {
      if (request.frame() !== dana.mainFrame() && request.headers()["next-action"])
        actions.push(request.url());
    });
    await dana.reload();
    await expect(dana.locator('iframe[title="Live chat"]')).toHaveCount(1);
    await expect(dana.locator('iframe[title="Live chat"]')).toBeHidden();
    await expect(frame.getByRole("heading", { name: "Your conversations" })).toBeAttached();
    // A new page view: every reply she has not read counts (other tests may have left some).
    const unreadBefore = await frame.getByText("New reply", { exact: true }).count();
    const shown = (n: number) => (n > 9 ? "9+" : String(n));
    if (unreadBefore > 0) await expect(badge).toHaveText(shown(unreadBefore));
    await alice.getByRole("tab", { name: "Reply" }).click();
    await alice.getByRole("textbox", { name: "Message" }).fill(`While browsing ${run}`);
    await alice.getByRole("button", { name: "Send" }).click();
    await expect(badge).toHaveText(shown(unreadBefore + 1));
    await expect(card).toContainText(`While browsing ${run}`);
    expect(actions, "server actions from the chat while its panel stayed closed").toEqual([]);
    // Opened, she is on the chat: its heartbeat goes at once.
    await launcher.click();
    await expect.poll(() => actions.length).toBeGreaterThan(0);
    await expect(badge).toBeHidden();
  });

  test("the chat page tells a reply's text only to the widget that spoke to it", async ({ browser }) => {
    const dana = await danaSignedIn(browser);
    // A page of the app's own origin (so Dana's session reaches the frame) that frames the chat
    // without the widget's handshake, and records whatever the chat page posts to it.
    const origin = new URL(dana.url()).origin;
    await dana.route(`${origin}/framing-test`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<title>Framing</title><script>window.got=[];addEventListener("message",e=>got.push(e.data))</script><iframe title="Live chat" src="/chat/acme"></iframe>`,
      }),
    );
    await dana.goto(`${origin}/framing-test`);
    await expect(
      dana.frameLocator('iframe[title="Live chat"]').getByRole("heading", { name: "Your conversations" }),
    ).toBeVisible();
    await dana.waitForTimeout(1_500);
    const got = await dana.evaluate(() =>
      (window as unknown as { got: { type: string }[] }).got.map((m) => m.type),
    );
    expect(got).toEqual(["helpdesk-widget:ready"]);
  });
});

test.describe("the chat page's one header", () => {
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    test(`at ${viewport.width}×${viewport.height}: one bar, in the widget and on the hosted page`, async ({
      signIn,
      browser,
    }) => {
      const run = Math.random().toString(36).slice(2, 8);
      const alice = await signIn("alice@acme.test");
      const conversationId = await writeToCustomer(alice, "Dana", `Header test ${run}`);
      const dana = await danaSignedIn(browser, viewport);

      // Hosted: the back arrow, the workspace and the menu share one bar above the thread.
      await dana.goto(`/chat/acme/c/${conversationId}`);
      const history = dana.getByRole("list", { name: "Conversation history" });
      await expect(history).toContainText(`Header test ${run}`);
      const header = dana.locator("header");
      await expect(header.getByRole("link", { name: "All conversations" })).toBeVisible();
      await expect(header.getByRole("heading", { name: "Acme Support" })).toBeVisible();
      await expect(header.getByRole("button", { name: "Account menu" })).toBeVisible();
      expect((await header.boundingBox())?.height).toBeLessThanOrEqual(56);
      await dana.screenshot({ path: `test-results/live-cues-hosted-${viewport.width}.png` });

      // In the widget: no header of the panel's own once the page is up; the page's bar closes it.
      await dana.goto("/widget-demo");
      await dana.getByRole("button", { name: /^Open chat/ }).click();
      const frame = dana.frameLocator('iframe[title="Live chat"]');
      await frame.getByRole("link", { name: new RegExp(`Header test ${run}`) }).click();
      await expect(frame.getByRole("list", { name: "Conversation history" })).toContainText(
        `Header test ${run}`,
      );
      const frameBox = await dana.locator('iframe[title="Live chat"]').boundingBox();
      const panelBox = await dana.getByRole("dialog", { name: "Chat with us" }).boundingBox();
      expect(frameBox?.y).toBe(panelBox?.y);
      const bar = frame.locator("header");
      expect((await bar.boundingBox())?.height).toBeLessThanOrEqual(56);
      await expect(bar.getByRole("link", { name: "All conversations" })).toBeVisible();
      await expect(bar.getByRole("button", { name: "Close chat" })).toBeVisible();
      await dana.screenshot({ path: `test-results/live-cues-widget-${viewport.width}.png` });
      await bar.getByRole("link", { name: "All conversations" }).click();
      await expect(frame.getByRole("heading", { name: "Your conversations" })).toBeVisible();
      await dana.screenshot({ path: `test-results/live-cues-widget-home-${viewport.width}.png` });
      await bar.getByRole("button", { name: "Close chat" }).click();
      await expect(dana.locator('iframe[title="Live chat"]')).toBeHidden();
    });
  }
});
