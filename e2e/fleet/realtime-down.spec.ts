import type { Page } from "@playwright/test";
import { newSoketiApp, startSoketi } from "@/lib/realtime/start-soketi";
import { recordFigures } from "../../faults/figures";
import { fakeResendURL } from "../../playwright.config";
import { expect, startConversationWith, test, typeUntilSeen } from "../fixtures";
import { type AppInstance, databaseUrl, instanceEnv, startInstance } from "./app-instance";

/**
 * Realtime down while Alice writes: every send succeeds, and when it is back Bob's open page
 * reconnects and catches up from the database, with nothing missing and nothing twice. On the
 * built-in driver the stream is served by Bob's instance, so that instance is killed; on Pusher,
 * the Soketi node is.
 */
const instances: AppInstance[] = [];
test.afterEach(async () => {
  await Promise.all(instances.splice(0).map((instance) => instance.stop("SIGKILL")));
});

const historyOf = (page: Page) => page.getByRole("list", { name: "Conversation history" });

async function sendAll(alice: Page, texts: string[]) {
  const history = historyOf(alice);
  for (const text of texts) {
    await alice.getByRole("textbox", { name: "Message" }).fill(text);
    await alice.getByRole("textbox", { name: "Message" }).press("Enter");
    await expect(history.getByText(text)).toHaveCount(1);
    await expect(history.getByText("Sending…")).toHaveCount(0);
  }
  // Stored: each stays in Alice's thread after the page reloads from the server.
  await alice.reload();
  for (const text of texts) await expect(history.getByText(text)).toHaveCount(1);
}

/** Alice types: once Bob sees it, his page is live on the conversation (before anything is stopped). */
async function expectLive(alice: Page, bob: Page) {
  const composer = alice.getByRole("textbox", { name: "Message" });
  await typeUntilSeen(composer, bob, "Alice Admin", "Are you th");
  await composer.fill("");
}

/** Resolves once Bob's thread holds each text exactly once; returns how long that took. */
async function expectCaughtUp(bob: Page, texts: string[]) {
  const startedAt = Date.now();
  const history = historyOf(bob);
  for (const text of texts) await expect(history.getByText(text)).toHaveCount(1, { timeout: 45_000 });
  return Date.now() - startedAt;
}

test("built-in driver: Bob's instance dies while Alice writes; back, his page catches up", async ({
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const env = (url: string) =>
    instanceEnv({ url, databaseUrl: databaseUrl("helpdesk_fleet_builtin"), fakeResendURL });
  const [alicesInstance, bobsInstance] = [await startInstance(env), await startInstance(env)];
  instances.push(alicesInstance, bobsInstance);
  const alice = await signIn("alice@acme.test", { baseURL: alicesInstance.url });
  const conversationUrl = await startConversationWith(alice, "Bob Builder", `Before the outage ${run}`);
  const bob = await signIn("bob@acme.test", { baseURL: bobsInstance.url });
  await bob.goto(new URL(conversationUrl).pathname);
  await expectCaughtUp(bob, [`Before the outage ${run}`]);
  await expectLive(alice, bob);

  // Killed just after his page's heartbeat (every 20 s): a server action that cannot reach its
  // instance shows Next's error page, and with no load balancer here to send it elsewhere, the
  // next heartbeat must find the instance back.
  await bob.waitForRequest((request) => request.method() === "POST", { timeout: 25_000 });
  await bobsInstance.stop("SIGKILL");
  const whileDown = [1, 2, 3].map((i) => `While the stream was down ${i} ${run}`);
  await sendAll(alice, whileDown);
  await expect(historyOf(bob).getByText(whileDown[0] as string)).toHaveCount(0);

  await bobsInstance.restart();
  const caughtUpInMs = await expectCaughtUp(bob, whileDown);
  recordFigures("realtime-down-builtin", { sentWhileDown: whileDown.length, caughtUpInMs });
  await sendAll(alice, [`After the outage ${run}`]);
  await expectCaughtUp(bob, [...whileDown, `After the outage ${run}`]);
});

test("Pusher: the Soketi node dies while Alice writes; back, Bob's page reconnects and catches up", async ({
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const app = newSoketiApp();
  let soketi = await startSoketi({ app });
  const { port } = soketi.config;
  try {
    const instance = await startInstance((url) =>
      instanceEnv({
        url,
        databaseUrl: databaseUrl("helpdesk_fleet_soketi"),
        fakeResendURL,
        soketi: { app, port },
      }),
    );
    instances.push(instance);
    const alice = await signIn("alice@acme.test", { baseURL: instance.url });
    const conversationUrl = await startConversationWith(alice, "Bob Builder", `Before the outage ${run}`);
    const bob = await signIn("bob@acme.test", { baseURL: instance.url });
    await bob.goto(new URL(conversationUrl).pathname);
    await expectCaughtUp(bob, [`Before the outage ${run}`]);
    await expectLive(alice, bob);

    await soketi.stop("SIGKILL");
    const whileDown = [1, 2, 3].map((i) => `While Soketi was down ${i} ${run}`);
    await sendAll(alice, whileDown);
    await expect(historyOf(bob).getByText(whileDown[0] as string)).toHaveCount(0);

    soketi = await startSoketi({ app, port });
    const caughtUpInMs = await expectCaughtUp(bob, whileDown);
    recordFigures("realtime-down-soketi", { sentWhileDown: whileDown.length, caughtUpInMs });
    await sendAll(alice, [`After the outage ${run}`]);
    await expectCaughtUp(bob, [...whileDown, `After the outage ${run}`]);
  } finally {
    await soketi.stop("SIGKILL");
  }
});
