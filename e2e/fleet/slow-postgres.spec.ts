import type { Page } from "@playwright/test";
import { recordFigures } from "../../faults/figures";
import { type LatencyProxy, startLatencyProxy } from "../../faults/latency-proxy";
import { fakeResendURL } from "../../playwright.config";
import { expect, startConversationWith, test } from "../fixtures";
import { type AppInstance, databaseUrl, instanceEnv, startInstance } from "./app-instance";

/**
 * Postgres made slow, then silent, between one app instance and the database (a TCP proxy that
 * delays or holds every byte). Pages show their loading states while they wait, a send shows
 * "Sending…" and is stored once, and a send the database never answers says so, in words, within
 * the timeouts; its Retry then stores it once.
 */
let proxy: LatencyProxy;
let instance: AppInstance;
test.beforeAll(async () => {
  const server = new URL(databaseUrl("helpdesk_fleet_builtin"));
  proxy = await startLatencyProxy({ target: { host: server.hostname, port: Number(server.port || 5432) } });
  instance = await startInstance((url) => ({
    ...instanceEnv({ url, databaseUrl: proxy.url(server.toString()), fakeResendURL }),
    // Short, so that a silent database costs the test seconds, not the default's 15.
    DATABASE_CONNECT_TIMEOUT_MS: "2000",
    DATABASE_STATEMENT_TIMEOUT_MS: "4000",
  }));
});
test.afterAll(async () => {
  await instance?.stop("SIGKILL");
  await proxy?.close();
});

const LATENCY_MS = 250;

const historyOf = (page: Page) => page.getByRole("list", { name: "Conversation history" });

test("slow, then silent: loading states, one stored copy of each send, and a clear error", async ({
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test", { baseURL: instance.url });
  const conversationUrl = await startConversationWith(alice, "Bob Builder", `Slow database ${run}`);

  // Every chunk late each way: a page takes seconds, and shows at once that it is on its way.
  proxy.setLatency(LATENCY_MS);
  const startedAt = Date.now();
  await alice.getByRole("link", { name: "Items", exact: true }).click();
  // The link it was clicked on spins until the page is there (components/ui/link-pending.tsx), or,
  // when the page's loading state was prefetched, that shows at once.
  await expect(
    alice
      .getByRole("navigation", { name: "Main" })
      .locator("[data-link-pending]")
      .or(alice.getByRole("status", { name: "Loading items" })),
  ).toBeVisible();
  await expect(alice.getByRole("heading", { name: "Tickets and tasks" })).toBeVisible({ timeout: 30_000 });
  const itemsPageMs = Date.now() - startedAt;

  await alice.goto(new URL(conversationUrl).pathname, { timeout: 60_000 });
  const composer = alice.getByRole("textbox", { name: "Message" });
  await composer.fill(`Sent while slow ${run}`);
  await composer.press("Enter");
  await expect(historyOf(alice).getByText("Sending…")).toBeVisible();
  const sentAt = Date.now();
  await expect(historyOf(alice).getByText("Sending…")).toBeHidden({ timeout: 30_000 });
  const slowSendMs = Date.now() - sentAt;

  // Silent: the send is refused in words within the timeouts, and keeps its text for Retry. (From
  // a quiet page: a refresh that runs into the silence shows the error page, with Try again.)
  proxy.setLatency(0);
  await alice.waitForTimeout(3_000);
  proxy.stall(true);
  await composer.fill(`Sent while silent ${run}`);
  await composer.press("Enter");
  const stalledAt = Date.now();
  // While it is not stored, leaving the page would lose it: the browser asks first.
  await expect(historyOf(alice).getByText("Sending…")).toBeVisible();
  const leaving = alice.waitForEvent("dialog");
  await alice.close({ runBeforeUnload: true });
  const dialog = await leaving;
  expect(dialog.type()).toBe("beforeunload");
  await dialog.dismiss();
  const refusal = historyOf(alice).getByRole("alert");
  await expect(refusal).toHaveText(
    "Not sent: The database is not answering. Your message was not lost: try again in a moment.",
    { timeout: 20_000 },
  );
  const errorAfterMs = Date.now() - stalledAt;

  proxy.stall(false);
  await historyOf(alice).getByRole("button", { name: "Retry" }).click();
  await expect(refusal).toBeHidden({ timeout: 20_000 });
  await alice.reload();
  for (const text of [`Slow database ${run}`, `Sent while slow ${run}`, `Sent while silent ${run}`])
    await expect(historyOf(alice).getByText(text)).toHaveCount(1);
  recordFigures("slow-postgres-browser", {
    latencyMsEachWay: LATENCY_MS,
    itemsPageMs,
    slowSendMs,
    errorAfterMs,
  });
});
