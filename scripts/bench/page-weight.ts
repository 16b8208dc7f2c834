/**
 * First-load JavaScript of the two pages people open most, as a real browser downloads it.
 *   npx tsx scripts/bench/page-weight.ts --base-url http://localhost:3400
 *   options: --email alice@acme.test --password demo-password-1 --slug acme
 * The server's APP_URL must be that base URL: signing in redirects there
 * (env -u DATABASE_URL APP_URL=http://localhost:3400 PORT=3400 npx next start).
 *
 * What is counted, for each page: every response the page's own CDP session sees whose resource
 * type is Script or whose MIME type is JavaScript (the framework, the route's chunks, chunks loaded
 * on hydration, `import()` after it such as the realtime client, and the JS of routes that the
 * page's links prefetch), from the navigation until the network has been quiet for QUIET_MS. Each
 * response counts its body as it came over the wire: CDP's `loadingFinished.encodedDataLength`
 * (body and headers as received) less the headers' bytes (`responseReceived.response.encodedDataLength`),
 * that is the compressed (gzip) size. Headers are left out so the figure is the size of the code, as
 * a bundle report would give it. The HTTP cache is off (`Network.setCacheDisabled`), so every file
 * is downloaded. Not counted: the HTML document (it carries inline RSC data, not JS files), CSS, the
 * long-lived realtime stream, and the service worker script (public/sw.js, about 1 kB: the browser
 * fetches it for the worker, outside the page, and only on the first visit). 1 kB = 1000 bytes.
 *
 * - messenger: a team member signs in through the real login page, then /messenger is opened in a
 *   new tab with the cache off.
 * - chat: /chat/<slug> in a fresh browser context, with no cookie: a new visitor.
 */
import { parseArgs } from "node:util";
import { type BrowserContext, chromium, type Page } from "@playwright/test";
import { launchOptions } from "@/e2e/launch-options";

/** How long the network must be quiet (no request in flight but the realtime stream) to call the load done. */
const QUIET_MS = 2000;
const LOAD_TIMEOUT_MS = 60_000;

export type LoadedFile = { url: string; bytes: number; encoding: string };
export type PageLoad = { files: LoadedFile[]; bytes: number };

type Options = { baseUrl: string; member: { email: string; password: string }; chatSlug: string };

export async function measurePageWeight(
  opts: Options,
): Promise<{ messenger_js_kb: number; chat_js_kb: number }> {
  const { messenger, chat } = await measurePageLoads(opts);
  return { messenger_js_kb: kilobytes(messenger.bytes), chat_js_kb: kilobytes(chat.bytes) };
}

/** Both loads, file by file. */
export async function measurePageLoads(opts: Options): Promise<{ messenger: PageLoad; chat: PageLoad }> {
  const browser = await chromium.launch(launchOptions);
  try {
    const member = await browser.newContext({ baseURL: opts.baseUrl });
    await signIn(await member.newPage(), opts.member);
    const messenger = await firstLoad(member, "/messenger");

    const visitor = await browser.newContext({ baseURL: opts.baseUrl });
    const chat = await firstLoad(visitor, `/chat/${opts.chatSlug}`);
    return { messenger, chat };
  } finally {
    await browser.close();
  }
}

async function signIn(page: Page, { email, password }: Options["member"]) {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/messenger/);
  await page.close();
}

async function firstLoad(context: BrowserContext, path: string): Promise<PageLoad> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });

  const requests = new Map<string, { url: string; script: boolean; stream: boolean }>();
  const headerBytes = new Map<string, number>();
  const encodings = new Map<string, string>();
  const inFlight = new Set<string>();
  const files: LoadedFile[] = [];
  let lastActivity = Date.now();

  cdp.on("Network.requestWillBeSent", ({ requestId, request, type }) => {
    lastActivity = Date.now();
    const previous = requests.get(requestId);
    requests.set(requestId, {
      url: request.url,
      script: type === "Script" || Boolean(previous?.script),
      stream: type === "EventSource",
    });
    if (type !== "EventSource") inFlight.add(requestId);
  });
  cdp.on("Network.responseReceived", ({ requestId, type, response }) => {
    lastActivity = Date.now();
    const entry = requests.get(requestId);
    if (entry && (type === "Script" || /javascript/.test(response.mimeType))) entry.script = true;
    if (entry && response.mimeType === "text/event-stream") {
      entry.stream = true;
      inFlight.delete(requestId);
    }
    headerBytes.set(requestId, response.encodedDataLength);
    const headers = Object.fromEntries(
      Object.entries(response.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
    );
    encodings.set(requestId, headers["content-encoding"] ?? "identity");
  });
  cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
    lastActivity = Date.now();
    inFlight.delete(requestId);
    const entry = requests.get(requestId);
    if (!entry?.script) return;
    files.push({
      url: entry.url,
      bytes: encodedDataLength - (headerBytes.get(requestId) ?? 0),
      encoding: encodings.get(requestId) ?? "identity",
    });
  });
  cdp.on("Network.loadingFailed", ({ requestId }) => {
    lastActivity = Date.now();
    inFlight.delete(requestId);
  });

  await page.goto(path, { waitUntil: "load", timeout: LOAD_TIMEOUT_MS });
  // A sign-in that did not take would weigh the login page instead.
  if (new URL(page.url()).pathname !== path) throw new Error(`${path} redirected to ${page.url()}`);
  const deadline = Date.now() + LOAD_TIMEOUT_MS;
  while (inFlight.size > 0 || Date.now() - lastActivity < QUIET_MS) {
    if (Date.now() > deadline) throw new Error(`${path}: the network never went quiet`);
    await page.waitForTimeout(100);
  }
  await page.close();

  // The figure is a gzip size: a file sent uncompressed would make it a different measure.
  const plain = files.filter((file) => file.encoding === "identity" && file.bytes > 1000);
  if (plain.length > 0)
    throw new Error(`${path}: JavaScript sent uncompressed: ${plain.map((file) => file.url).join(", ")}`);
  files.sort((a, b) => b.bytes - a.bytes);
  return { files, bytes: files.reduce((sum, file) => sum + file.bytes, 0) };
}

const kilobytes = (bytes: number) => Math.round(bytes / 100) / 10;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      "base-url": { type: "string", default: "http://localhost:3400" },
      email: { type: "string", default: "alice@acme.test" },
      password: { type: "string", default: "demo-password-1" },
      slug: { type: "string", default: "acme" },
    },
  });
  const loads = await measurePageLoads({
    baseUrl: values["base-url"],
    member: { email: values.email, password: values.password },
    chatSlug: values.slug,
  });
  for (const [name, load] of Object.entries(loads)) {
    console.log(`${name}_js_kb: ${kilobytes(load.bytes)}  (${load.files.length} files)`);
    for (const file of load.files)
      console.log(
        `  ${kilobytes(file.bytes).toFixed(1).padStart(6)} kB  ${file.encoding.padEnd(8)} ${new URL(file.url).pathname}`,
      );
  }
}
