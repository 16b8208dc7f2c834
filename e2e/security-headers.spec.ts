import { expect, test } from "./fixtures";

// Issue 12, "Headers": what every answer carries, and what pages with a token in their address add.
// Plain HTTP requests: these are answers, not screens.

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
    "/api/auth/callback/email-link?token=x&email=a%40b.test",
  ]) {
    const headers = (await request.get(url, { maxRedirects: 0 })).headers();
    expect(headers["referrer-policy"], url).toBe("no-referrer");
  }
});
