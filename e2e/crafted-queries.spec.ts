import { DEMO_PASSWORD, expect, test } from "./fixtures";

// Next hands a page a repeated query parameter as an array; each page and route parses its query,
// so a crafted address gets the ordinary page, a redirect, a 400 or a 404, never a server error.
// Plain HTTP requests: these are answers, not screens.

test("chat pages and the link route answer repeated parameters normally", async ({ request }) => {
  const answers: [string, number][] = [
    ["/chat/acme/sign-in?token=a&token=b", 200],
    ["/chat/acme/unsubscribe?t=a&t=b", 200],
    ["/chat/acme?link=other&link=expired", 200],
    ["/chat/acme?link=constructor", 200],
    ["/chat/acme/open?c=x&c=y&t=1", 303],
    ["/chat/no-such-workspace/open?c=x&t=1", 404],
    ["/chat/no-such-workspace", 404],
    ["/login?next=/a&next=/b&error=constructor&error=x", 200],
    ["/widget-demo?workspace=a&workspace=b", 200],
    ["/api/realtime/stream", 400],
    ["/api/realtime/stream?channel=a&channel=a", 403],
  ];
  for (const [url, status] of answers) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(status);
  }
});

test("the link pages still read as expired with a repeated token", async ({ request }) => {
  expect(await (await request.get("/chat/acme/sign-in?token=a&token=b")).text()).toContain(
    "This link has expired",
  );
  expect(await (await request.get("/chat/acme/unsubscribe?t=a&t=b")).text()).toContain(
    "This link is not valid",
  );
});

test("the messenger opens its inbox for a repeated view", async ({ request }) => {
  // Signed in through Auth.js's own credentials endpoint, as its sign-in form would.
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: "alice@acme.test", password: DEMO_PASSWORD },
  });
  const response = await request.get("/messenger?view=a&view=b&cursor=1&cursor=2&draft=x&draft=y", {
    maxRedirects: 0,
  });
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain("Pick a conversation");
});
