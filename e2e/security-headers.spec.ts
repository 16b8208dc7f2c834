import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// Issue 12, "Headers": what every answer carries, what pages with a token in their address add,
// the Content Security Policy and its nonce, and who may frame the chat page.

test("every answer says nosniff, limits features and referrers, and team pages refuse framing", async ({
  request,
}) => {
  for (const url of ["/login", "/chat/acme", "/chat/acme/sign-in?token=x", "/api/realtime/stream"]) {
    const headers = (await request.get(url, { maxRedirects: 0 })).headers();
    expect(headers["x-content-type-options"], url).toBe("nosniff");
    expect(headers["permissions-policy"], url).toContain("camera=()");
  }
  const login = (await request.get("/login")).headers();
  expect(login["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(login["x-frame-options"]).toBe("DENY");
  expect(login["content-security-policy"]).toContain("frame-ancestors 'none'");
  // The chat page is framed by the widget on customers' sites.
  const chat = (await request.get("/chat/acme")).headers();
  expect(chat["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(chat["x-frame-options"]).toBeUndefined();
});

test("pages whose address holds a token send no referrer", async ({ request }) => {
  for (const url of [
    "/chat/acme/sign-in?token=x",
    "/chat/acme/unsubscribe?t=x",
    "/chat/acme/open?c=x&t=y",
    "/login/link?token=x",
    "/signup/confirm?token=x",
    "/invite?token=x",
  ]) {
    const headers = (await request.get(url, { maxRedirects: 0 })).headers();
    expect(headers["referrer-policy"], url).toBe("no-referrer");
  }
});

/** The page's CSP as directive → sources, and the nonce its script-src allows. */
async function policyOf(request: APIRequestContext, url: string) {
  const response = await request.get(url);
  expect(response.status(), url).toBe(200);
  const header = response.headers()["content-security-policy"] ?? "";
  const directives = new Map(
    header.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );
  const nonce = /'nonce-([^']+)'/.exec(directives.get("script-src")?.join(" ") ?? "")?.[1];
  return { header, directives, nonce, html: await response.text() };
}

test("every page has a Content Security Policy whose fresh nonce is on each of its scripts, and no eval", async ({
  request,
  signIn,
}) => {
  const alice = await signIn("alice@acme.test");
  // Auth pages (once prerendered at build time), the chat page, the widget demo, team pages.
  const pages: [APIRequestContext, string][] = [
    [request, "/login"],
    [request, "/login/check-email"],
    [request, "/signup"],
    [request, "/chat/acme"],
    [request, "/widget-demo"],
    [alice.request, "/messenger"],
    [alice.request, "/settings/workspace"],
  ];
  for (const [client, url] of pages) {
    const first = await policyOf(client, url);
    const second = await policyOf(client, url);
    expect(first.nonce, url).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second.nonce, url).not.toBe(first.nonce);

    expect(first.directives.get("script-src"), url).toEqual([
      "'self'",
      `'nonce-${first.nonce}'`,
      "'strict-dynamic'",
    ]);
    expect(first.header, url).not.toContain("unsafe-eval");
    expect(first.directives.get("object-src"), url).toEqual(["'none'"]);
    expect(first.directives.get("base-uri"), url).toEqual(["'self'"]);
    expect(first.directives.get("form-action"), url).toEqual(["'self'"]);
    // The built-in event stream is this site; no Pusher is configured for this run.
    expect(first.directives.get("connect-src"), url).toEqual(["'self'"]);

    // Next stamped every script of this response with this response's nonce.
    const scripts = first.html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, url).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, url).toContain(`nonce="${first.nonce}"`);
  }
});

test("nothing on the app's pages breaks its Content Security Policy", async ({ newContext, signIn }) => {
  const watch = async (page: Page) => {
    const violations: string[] = [];
    // In every frame: the browser's own report of what it refused.
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) =>
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`),
      );
    });
    // And Chrome's own console line, for what the event does not cover.
    page.on("console", (message) => {
      if (/CSP violation|Content Security Policy/.test(message.text()))
        violations.push(`${page.url()}: ${message.text()}`);
    });
    return violations;
  };

  const visitor = await (await newContext()).newPage();
  const visitorViolations = await watch(visitor);
  await visitor.goto("/login");
  await expect(visitor.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await visitor.goto("/signup");
  await expect(visitor.getByRole("button", { name: "Create workspace" })).toBeVisible();
  await visitor.goto("/chat/acme");
  await expect(visitor.getByRole("textbox", { name: "Message" })).toBeVisible();
  // The widget script, its styled panel and the chat page in its frame.
  await visitor.goto("/widget-demo");
  await visitor.getByRole("button", { name: "Open chat" }).click();
  await expect(
    visitor.frameLocator('iframe[title="Live chat"]').getByRole("textbox", { name: "Message" }),
  ).toBeVisible();
  await expect(visitor.getByRole("dialog", { name: "Chat with us" })).toHaveCSS("position", "fixed");

  const alice = await signIn("alice@acme.test");
  const aliceViolations = await watch(alice);
  await alice.goto("/messenger");
  // A menu locks scrolling with a <style> element; the toaster styles itself the same way.
  await alice.getByRole("button", { name: /account menu/ }).click();
  await expect(alice.getByRole("menuitem", { name: "Sign out", exact: true })).toBeVisible();
  await alice.keyboard.press("Escape");
  await alice.goto("/settings/chat-widget");
  await expect(alice.getByLabel("Sites that may show the chat widget")).toBeVisible();

  expect([...visitorViolations, ...aliceViolations]).toEqual([]);
});

test("the chat page may be framed only by the sites the workspace's admin lists", async ({
  request,
  signIn,
  browser,
}) => {
  const frameAncestorsOf = async (url: string) =>
    (await policyOf(request, url)).directives.get("frame-ancestors");
  // None listed yet: any site may frame it.
  expect(await frameAncestorsOf("/chat/acme")).toBeUndefined();

  const alice = await signIn("alice@acme.test");
  await alice.goto("/settings/chat-widget");
  const sites = alice.getByLabel("Sites that may show the chat widget");
  await expect(sites).toHaveAccessibleDescription(/Leave empty to allow any site/);
  const form = alice.locator("form").filter({ has: sites });
  const save = form.getByRole("button", { name: "Save changes" });

  // A wrong entry is refused with a clear message, and nothing is saved.
  await sites.fill("https://www.example.com\nwww.example.com/chat");
  await save.click();
  await expect(form.getByRole("alert")).toHaveText(/“www\.example\.com\/chat” is not a site address/);
  expect(await frameAncestorsOf("/chat/acme")).toBeUndefined();

  // Saved as stored: normalized, one per line.
  await sites.fill("https://www.example.com/\n\nHTTPS://*.Example.org:443");
  await save.click();
  await expect(form.getByRole("status")).toHaveText("Saved");
  await expect(sites).toHaveValue("https://www.example.com\nhttps://*.example.org");

  // At once, for every chat page of the workspace, and for no team page.
  for (const url of ["/chat/acme", "/chat/acme/sign-in?token=x"]) {
    expect(await frameAncestorsOf(url), url).toEqual([
      "'self'",
      "https://www.example.com",
      "https://*.example.org",
    ]);
  }
  expect(await frameAncestorsOf("/login")).toEqual(["'none'"]);

  // In a browser: a listed site shows the chat in a frame, another site gets nothing.
  const chatUrl = new URL("/chat/acme", alice.url()).href;
  // The shops are public sites and the app is on this machine: Chrome asks before such a frame loads.
  const shops = await browser.newContext({ permissions: ["local-network-access"] });
  const frameFrom = async (site: string) => {
    const page = await shops.newPage();
    const messages: string[] = [];
    page.on("console", (message) => messages.push(message.text()));
    await page.route(`${site}/`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<title>Shop</title><iframe title="Live chat" src="${chatUrl}" onload="document.title='loaded'"></iframe>`,
      }),
    );
    await page.goto(`${site}/`);
    await expect(page).toHaveTitle("loaded");
    return {
      chat: page.frameLocator('iframe[title="Live chat"]').getByRole("textbox", { name: "Message" }),
      messages,
    };
  };
  await expect((await frameFrom("https://www.example.com")).chat).toBeVisible();
  await expect((await frameFrom("https://shop.example.org")).chat).toBeVisible();
  const elsewhere = await frameFrom("https://evil.example.net");
  await expect(elsewhere.chat).toHaveCount(0);
  await expect
    .poll(() => elsewhere.messages.join("\n"))
    .toContain("violates the following Content Security Policy directive");
  await shops.close();

  // Emptied again: any site.
  await sites.fill("");
  await save.click();
  await expect(form.getByRole("status")).toHaveText("Saved");
  expect(await frameAncestorsOf("/chat/acme")).toBeUndefined();
});

test("no HSTS over plain http, on pages, files and API answers alike", async ({ request }) => {
  const login = await request.get("/login");
  const script = /<script[^>]+src="(\/_next\/static\/[^"]+)"/.exec(await login.text())?.[1];
  expect(script).toBeDefined();
  for (const url of ["/login", "/widget.js", script as string, "/api/realtime/stream"]) {
    const headers = (await request.get(url, { maxRedirects: 0 })).headers();
    // The proxy ran on this path (only it sets a nonce), and held HSTS back: APP_URL is http here.
    expect(headers["content-security-policy"], url).toMatch(/'nonce-[^']+'/);
    expect(headers["strict-transport-security"], url).toBeUndefined();
  }
});
