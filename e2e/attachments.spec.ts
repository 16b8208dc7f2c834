import { readFile } from "node:fs/promises";
import type { BrowserContext, Page } from "@playwright/test";
import { expect, expectNoAxeViolations, signInToChat, test, writeToCustomer } from "./fixtures";

const DANA = "dana@customer.test";
// A 1×1 PNG, and the smallest PDF a viewer opens.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** Picks files with the Attach files button, and waits until they are uploaded and checked. */
async function attach(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Attach files" }).click();
  await (await chooser).setFiles(files);
  const chips = page.getByRole("list", { name: "Files to send" });
  for (const file of files) await expect(chips.getByText(file.name)).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveCount(0);
}

test.describe.configure({ mode: "serial" });

let conversationId = "";
let noteFileUrl = "";
let imageFileUrl = "";
// Dana's chat session, signed in once and reused: each sign-in link counts against the few one
// address may ask for, and the whole run signs her in from several specs.
let danasSession: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined;

test("Alice sends an image and a PDF; Dana sees both on the chat page and downloads both", async ({
  signIn,
  newContext,
}) => {
  // Two people, three uploads and a download: more steps than most tests.
  test.setTimeout(120_000);
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  conversationId = await writeToCustomer(alice, "Dana", `Your files are coming ${run}`);
  await attach(alice, [
    { name: "screenshot.png", mimeType: "image/png", buffer: PNG },
    { name: "invoice.pdf", mimeType: "application/pdf", buffer: PDF },
  ]);
  await expectNoAxeViolations(alice);
  await alice.getByRole("textbox", { name: "Message" }).fill(`Here they are ${run}`);
  await alice.getByRole("button", { name: "Send" }).click();
  const aliceHistory = alice.getByRole("list", { name: "Conversation history" });
  await expect(aliceHistory.getByRole("link", { name: "invoice.pdf" })).toBeVisible();
  await expect(aliceHistory.getByRole("link", { name: "screenshot.png" })).toBeVisible();
  await expect(alice.getByRole("list", { name: "Files to send" })).toHaveCount(0);

  // Test 2's file: on an internal note.
  await alice.getByRole("tab", { name: "Note" }).click();
  await attach(alice, [{ name: `secret-${run}.pdf`, mimeType: "application/pdf", buffer: PDF }]);
  await alice.getByRole("button", { name: "Send" }).click();
  const noteLink = aliceHistory.getByRole("link", { name: `secret-${run}.pdf` });
  await expect(noteLink).toBeVisible();
  noteFileUrl = (await noteLink.getAttribute("href")) ?? "";
  expect(noteFileUrl).toMatch(/^\/api\/attachments\/[0-9a-f-]+\//);
  expect((await alice.request.get(noteFileUrl)).status(), "the team may download it").toBe(200);

  const dana = await (await newContext()).newPage();
  await signInToChat(dana, DANA);
  danasSession = await dana.context().storageState();
  await dana.goto(`/chat/acme/c/${conversationId}`);
  const history = dana.getByRole("list", { name: "Conversation history" });
  await expect(history.getByText(`Here they are ${run}`)).toBeVisible();
  await expect(history.getByText(`secret-${run}.pdf`)).toHaveCount(0);

  // The image: a thumbnail that rendered, linking to the full image.
  const image = history.getByRole("link", { name: "screenshot.png" });
  await expect(image).toBeVisible();
  const thumbnail = image.getByRole("img", { name: "screenshot.png" });
  await expect
    .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(1);
  imageFileUrl = (await image.getAttribute("href")) ?? "";
  const shown = await dana.request.get(imageFileUrl);
  expect(shown.status()).toBe(200);
  expect(shown.headers()["content-type"]).toBe("image/png");
  expect(shown.headers()["content-disposition"]).toMatch(/^inline; filename="screenshot.png"/);
  expect(Buffer.from(await shown.body()).equals(PNG)).toBe(true);

  // The PDF: a download, with its name and its bytes.
  const downloading = dana.waitForEvent("download");
  await history.getByRole("link", { name: "invoice.pdf" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("invoice.pdf");
  expect((await readFile(await download.path())).equals(PDF)).toBe(true);
  await expect(history.getByText(/PDF · \d+ bytes/)).toBeVisible();
  await expectNoAxeViolations(dana);
});

test("a file on an internal note is not found for Dana", async ({ browser }) => {
  expect(noteFileUrl, "set by the test before").not.toBe("");
  const context = await browser.newContext({ storageState: danasSession });
  const dana = await context.newPage();
  const response = await dana.request.get(noteFileUrl, { maxRedirects: 0 });
  expect(response.status()).toBe(404);
  // The same answer as for a file that does not exist.
  const unknown = await dana.request.get(noteFileUrl.replace(/[0-9a-f]{12}\//, "000000000000/"), {
    maxRedirects: 0,
  });
  expect(unknown.status()).toBe(404);
  expect(await response.text()).toBe(await unknown.text());
  // She is signed in: the public message's file is served to her.
  expect((await dana.request.get(imageFileUrl, { maxRedirects: 0 })).status()).toBe(200);
  await context.close();
});

test("a thread with files fits a 360 px phone and passes axe", async ({ browser }) => {
  expect(conversationId, "set by the first test").not.toBe("");
  const context = await browser.newContext({
    viewport: { width: 360, height: 780 },
    isMobile: true,
    hasTouch: true,
    storageState: danasSession,
  });
  try {
    const dana = await context.newPage();
    await dana.goto(`/chat/acme/c/${conversationId}`);
    await expect(dana.getByRole("link", { name: "invoice.pdf" })).toBeVisible();
    await expect(dana.getByRole("button", { name: "Attach files" })).toBeVisible();
    const overflow = await dana.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "no sideways scroll").toBeLessThanOrEqual(0);
    await expectNoAxeViolations(dana);
  } finally {
    await context.close();
  }
});
