import type { Page } from "@playwright/test";
import { fakeResendURL } from "../../playwright.config";
import { expect, startConversationWith, test, typeUntilSeen } from "../fixtures";
import { type AppInstance, databaseUrl, instanceEnv, startInstance } from "./app-instance";

/**
 * An instance at its limit of built-in streams (REALTIME_MAX_STREAMS) refuses one more, saying when
 * to try again, instead of growing until it runs out of memory and drops everyone. The refused page
 * keeps trying, and once a place frees it connects and catches up on what it missed.
 */
const instances: AppInstance[] = [];
test.afterEach(async () => {
  // Killed: a stopping Next server waits for its open streams, and a page here still holds one.
  await Promise.all(instances.splice(0).map((instance) => instance.stop("SIGKILL")));
});

const historyOf = (page: Page) => page.getByRole("list", { name: "Conversation history" });

async function send(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(historyOf(page).getByText(text)).toHaveCount(1);
}

test("built-in driver: a full instance refuses one more stream; the page connects once a place frees", async ({
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const env = (url: string) =>
    instanceEnv({ url, databaseUrl: databaseUrl("helpdesk_fleet_builtin"), fakeResendURL });
  const alicesInstance = await startInstance(env);
  const bobsInstance = await startInstance((url) => ({ ...env(url), REALTIME_MAX_STREAMS: "1" }));
  instances.push(alicesInstance, bobsInstance);

  const alice = await signIn("alice@acme.test", { baseURL: alicesInstance.url });
  const path = new URL(await startConversationWith(alice, "Bob Builder", `Before it fills ${run}`)).pathname;
  const bob = await signIn("bob@acme.test", { baseURL: bobsInstance.url });
  await bob.goto(path);
  await expect(historyOf(bob).getByText(`Before it fills ${run}`)).toHaveCount(1);
  // Bob's page holds the instance's one place: it sees Alice typing.
  await typeUntilSeen(alice.getByRole("textbox", { name: "Message" }), bob, "Alice Admin", "Are you th");

  const second = await bob.context().newPage();
  const refused = second.waitForResponse(
    (response) => response.url().includes("/api/realtime/stream") && response.status() === 503,
  );
  await second.goto(path);
  const refusal = await refused;
  expect(refusal.headers()["retry-after"]).toBe("5");

  await send(alice, `While it is full ${run}`);
  await expect(historyOf(bob).getByText(`While it is full ${run}`)).toHaveCount(1);
  await expect(historyOf(second).getByText(`While it is full ${run}`)).toHaveCount(0);

  // The first page goes; the second, trying again, takes its place and catches up.
  const connected = second.waitForResponse(
    (response) => response.url().includes("/api/realtime/stream") && response.status() === 200,
    { timeout: 45_000 },
  );
  await bob.close();
  await connected;
  await expect(historyOf(second).getByText(`While it is full ${run}`)).toHaveCount(1);
  await send(alice, `Once there is room ${run}`);
  await expect(historyOf(second).getByText(`Once there is room ${run}`)).toHaveCount(1);
});
