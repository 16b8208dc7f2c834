import { DEMO_PASSWORD, emailsTo, expect, firstLink, test } from "./fixtures";

test("team pages send visitors without a session to the sign-in page", async ({ page }) => {
  await page.goto("/messenger?view=sent");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a wrong password and an unknown email get the same answer", async ({ page }) => {
  for (const { email, password } of [
    { email: "alice@acme.test", password: "wrong-password" },
    { email: "nobody@acme.test", password: DEMO_PASSWORD },
  ]) {
    await page.goto("/login");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(
      page.getByRole("alert").filter({ hasText: "Email or password is incorrect." }),
    ).toBeVisible();
  }
});

test("signing out ends the session on the server: a copy of its cookie opens nothing", async ({
  signIn,
  newContext,
}) => {
  const page = await signIn("bob@acme.test");
  const copied = await page.context().cookies();
  await page.getByRole("button", { name: /account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/messenger");
  await expect(page).toHaveURL(/\/login/);

  // The cookie taken before signing out, replayed from another browser.
  const thief = await newContext();
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/messenger");
  await expect(stolen).toHaveURL(/\/login/);
});

test("sign out everywhere ends the member's other sessions too", async ({ signIn }) => {
  const [laptop, phone] = [await signIn("bob@acme.test"), await signIn("bob@acme.test")];
  await phone.getByRole("button", { name: /account menu/ }).click();
  await phone.getByRole("menuitem", { name: "Sign out everywhere" }).click();
  await expect(phone).toHaveURL(/\/login/);
  await laptop.goto("/messenger");
  await expect(laptop).toHaveURL(/\/login/);
});

test("sign up asks the owner to confirm the address, and answers an address with an account alike", async ({
  page,
  newContext,
}) => {
  const signUp = async (email: string) => {
    await page.goto("/signup");
    await page.getByLabel("Workspace name").fill("Initech Help");
    await page.getByLabel("Your name").fill("Peter Gibbons");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a-long-password");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  };
  await signUp("alice@acme.test");
  await expect
    .poll(async () => (await emailsTo("alice@acme.test")).at(-1)?.subject)
    .toBe("You already have an account");

  await signUp("peter@initech.test");
  await expect.poll(async () => (await emailsTo("peter@initech.test")).length).toBe(1);
  const [confirmation] = await emailsTo("peter@initech.test");
  const link = firstLink(confirmation?.text ?? "");
  expect(link).toMatch(/\/signup\/confirm\?token=/);
  // A mail scanner fetching the link creates nothing.
  expect((await page.request.get(link)).status()).toBe(200);

  const owner = await (await newContext()).newPage();
  await owner.goto(link);
  await expect(owner.getByRole("heading", { name: "Create Initech Help" })).toBeVisible();
  // The password chosen at sign-up, asked again: a stranger who signed up in this name cannot
  // have the address's owner confirm an account whose password the stranger knows.
  await owner.getByLabel("Password").fill("not-the-password");
  await owner.getByRole("button", { name: "Create the workspace" }).click();
  await expect(owner.getByRole("alert").filter({ hasText: "not the password chosen" })).toBeVisible();
  await owner.getByLabel("Password").fill("a-long-password");
  await owner.getByRole("button", { name: "Create the workspace" }).click();
  await expect(owner).toHaveURL(/\/messenger/);
  await expect(owner.getByRole("link", { name: "Initech Help" })).toBeVisible();
  // A new workspace is empty, and sees nobody from Acme.
  await owner.goto("/messenger?view=sent");
  await expect(
    owner
      .getByRole("region", { name: "Internal Sent conversations" })
      .getByText("Nothing waiting for an answer"),
  ).toBeVisible();
  await owner.goto("/messenger?view=sent&draft=user");
  await owner.getByRole("combobox", { name: "To" }).fill("@a");
  await expect(owner.getByText("No teammates match.")).toBeVisible();
});

test("an emailed sign-in link opens a page, and only its button signs in, once", async ({
  newContext,
  signIn,
}) => {
  const page = await (await newContext()).newPage();
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill("alice@acme.test");
  const [asked] = await Promise.all([
    page.waitForRequest((request) => request.method() === "POST" && "next-action" in request.headers()),
    page.getByRole("button", { name: "Email me a sign-in link" }).click(),
  ]);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  // The same request again, as an attacker would send it: every host header forged, consistently
  // enough to pass Next's own origin check. The link still points at APP_URL.
  const forged = await page.request.fetch(asked, {
    headers: {
      ...asked.headers(),
      host: "evil.test",
      origin: "https://evil.test",
      "x-forwarded-host": "evil.test",
      "x-forwarded-proto": "https",
    },
    maxRedirects: 0,
  });
  expect(forged.status()).toBeLessThan(400);
  await expect.poll(async () => (await emailsTo("alice@acme.test")).length).toBeGreaterThan(1);

  await expect
    .poll(async () => (await emailsTo("alice@acme.test")).at(-1)?.subject)
    .toBe("Your sign-in link for Acme Support");
  const emails = await emailsTo("alice@acme.test");
  for (const each of emails) expect(new URL(firstLink(each.text)).origin).toBe(new URL(page.url()).origin);
  const email = emails.at(-1);
  const link = firstLink(email?.text ?? "");
  expect(link).toContain("/login/link?token=");
  expect(email?.html).toContain(link.replaceAll("&", "&amp;"));

  // A link preview or mail scanner: a plain GET signs nobody in and uses nothing.
  const scanned = await page.request.get(link);
  expect(scanned.status()).toBe(200);
  expect(scanned.headers()["set-cookie"] ?? "").not.toContain("session-token");

  // Someone else is signed in on this browser: the page says so, and the button asks.
  const bobsBrowser = await signIn("bob@acme.test");
  await bobsBrowser.goto(link);
  await expect(bobsBrowser.getByRole("heading", { name: "Sign in to Acme Support" })).toBeVisible();
  await expect(bobsBrowser.getByText("Signing in as Alice Admin")).toBeVisible();
  await expect(bobsBrowser.getByRole("note")).toContainText("This browser is signed in as Bob Builder");
  await bobsBrowser.getByRole("button", { name: "Sign out Bob Builder and continue" }).click();
  await expect(bobsBrowser).toHaveURL(/\/messenger/);
  await expect(bobsBrowser.getByRole("button", { name: "Alice Admin, account menu" })).toBeVisible();

  // Used once: a second visit says it expired.
  const again = await (await newContext()).newPage();
  await again.goto(link);
  await expect(again.getByRole("heading", { name: "This link has expired" })).toBeVisible();
});

test("Auth.js's own endpoints answer on APP_URL, whatever host the request names", async ({
  request,
  baseURL,
}) => {
  const forged = { "X-Forwarded-Host": "evil.test", "X-Forwarded-Proto": "https", Host: "evil.test" };
  for (const path of [
    "/api/auth/signin",
    "/api/auth/error?error=Verification",
    "/api/auth/signout",
    "/messenger", // the proxy's redirect to the sign-in page
  ]) {
    const response = await request.get(path, { headers: forged, maxRedirects: 0 });
    const location = response.headers().location;
    // Next names every loopback address "localhost" in a proxy's redirect; any other host is APP_URL's.
    const loopback = (url: string) => new URL(url).origin.replace("://127.0.0.1:", "://localhost:");
    if (location)
      expect(loopback(new URL(location, baseURL).toString()), path).toBe(loopback(baseURL as string));
    expect(await response.text(), path).not.toContain("evil.test");
  }
});

test("repeated failed sign-ins are refused with 429 and Retry-After, and the form says how long to wait", async ({
  page,
  request,
}) => {
  const email = "locked-out@acme.test";
  const attempt = async () => {
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    return request.post("/api/auth/callback/credentials", {
      form: { email, password: "wrong-password", csrfToken },
      maxRedirects: 0,
    });
  };
  for (let i = 0; i < 10; i++) expect((await attempt()).status()).not.toBe(429);
  const refused = await attempt();
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);

  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Too many" })).toContainText(
    /Too many failed sign-ins for this account\. Try again in \d+ (minutes|seconds)\./,
  );
  // What was typed stays.
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue(email);
});

test("the dev mailbox is off once real email is configured", async ({ signIn }) => {
  const alice = await signIn("alice@acme.test");
  const response = await alice.goto("/dev/mailbox");
  expect(response?.status()).toBe(404);
});
