import type { Page } from "@playwright/test";
import { conversationChannel } from "@/lib/realtime/channels";
import { fakeResendURL } from "../../playwright.config";
import { expect, startConversationWith, test } from "../fixtures";
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

const isStream = (status: number) => (response: { url(): string; status(): number }) =>
  response.url().includes("/api/realtime/stream") && response.status() === status;

test("built-in driver: a full instance refuses one more stream; the page connects once a place frees", async ({
  signIn,
}) => {
  // The refused page backs off up to 30 s between tries.
  test.setTimeout(180_000);
  const run = Math.random().toString(36).slice(2, 8);
  const env = (url: string) =>
    instanceEnv({ url, databaseUrl: databaseUrl("helpdesk_fleet_builtin"), fakeResendURL });
  const alicesInstance = await startInstance(env);
  const bobsInstance = await startInstance((url) => ({ ...env(url), REALTIME_MAX_STREAMS: "1" }));
  instances.push(alicesInstance, bobsInstance);

  const alice = await signIn("alice@acme.test", { baseURL: alicesInstance.url });
  const path = new URL(await startConversationWith(alice, "Bob Builder", `Before it fills ${run}`)).pathname;
  const signedIn = await signIn("bob@acme.test", { baseURL: bobsInstance.url });
  const context = signedIn.context();
  const cookie = (await context.cookies()).map(({ name, value }) => `${name}=${value}`).join("; ");
  await signedIn.close(); // his messenger's stream ends

  // Another listener of Bob's holds the instance's one place.
  const holder = new AbortController();
  const url = `${bobsInstance.url}/api/realtime/stream?channel=${conversationChannel(path.split("/").at(-1) as string)}`;
  await expect(async () => {
    const response = await fetch(url, { headers: { cookie }, signal: holder.signal });
    expect(response.status).toBe(200);
  }).toPass({ timeout: 20_000 });

  const bob = await context.newPage();
  const refused = bob.waitForResponse(isStream(503));
  await bob.goto(`${bobsInstance.url}${path}`);
  const refusal = await refused;
  expect(refusal.headers()["retry-after"]).toBe("5");
  await expect(historyOf(bob).getByText(`Before it fills ${run}`)).toHaveCount(1);

  await send(alice, `While it is full ${run}`);
  await expect(historyOf(bob).getByText(`While it is full ${run}`)).toHaveCount(0);

  // The place frees; Bob's page, trying again, takes it and catches up.
  const connected = bob.waitForResponse(isStream(200), { timeout: 60_000 });
  holder.abort();
  await connected;
  await expect(historyOf(bob).getByText(`While it is full ${run}`)).toHaveCount(1);
  await send(alice, `Once there is room ${run}`);
  await expect(historyOf(bob).getByText(`Once there is room ${run}`)).toHaveCount(1);
});
