import { describe, expect, it } from "vitest";
import {
  chatSlugOf,
  HSTS,
  newNonce,
  type RequestSecurityInput,
  realtimeConnectSources,
  requestSecurityHeaders,
} from "./security-headers";

const base: RequestSecurityInput = {
  pathname: "/messenger",
  nonce: "bm9uY2Utb2YtdGhpcy1yZXF1ZXN0",
  appUrl: "http://localhost:3000",
  development: false,
  pusher: undefined,
};

/** The policy of one response, as directive → sources. */
function policy(input: Partial<RequestSecurityInput>) {
  const header = requestSecurityHeaders({ ...base, ...input })["Content-Security-Policy"] ?? "";
  return new Map(
    header.split("; ").map((directive) => {
      const [name = "", ...sources] = directive.split(" ");
      return [name, sources] as const;
    }),
  );
}

describe("HSTS", () => {
  it("is sent on every path when APP_URL is https", () => {
    for (const pathname of ["/login", "/chat/acme", "/_next/static/chunks/app.js", "/widget.js", "/api/x"]) {
      const headers = requestSecurityHeaders({ ...base, pathname, appUrl: "https://help.example.com" });
      expect(headers["Strict-Transport-Security"], pathname).toBe("max-age=63072000; includeSubDomains");
    }
    expect(HSTS).toBe("max-age=63072000; includeSubDomains");
  });

  it("is never sent when APP_URL is http, so local development keeps working", () => {
    for (const appUrl of ["http://localhost:3000", "http://127.0.0.1:3100", "http://help.internal"]) {
      expect(requestSecurityHeaders({ ...base, appUrl })).not.toHaveProperty("Strict-Transport-Security");
    }
  });

  it("comes with upgrade-insecure-requests on https only", () => {
    expect(policy({ appUrl: "https://help.example.com" }).has("upgrade-insecure-requests")).toBe(true);
    expect(policy({}).has("upgrade-insecure-requests")).toBe(false);
  });
});

describe("the Content Security Policy", () => {
  it("runs only scripts with this response's nonce, and what they load, with no eval in production", () => {
    const production = policy({});
    expect(production.get("script-src")).toEqual(["'self'", `'nonce-${base.nonce}'`, "'strict-dynamic'"]);
    expect([...production.values()].flat()).not.toContain("'unsafe-eval'");
    expect(production.get("script-src")).not.toContain("'unsafe-inline'");
    expect(production.get("object-src")).toEqual(["'none'"]);
    expect(production.get("base-uri")).toEqual(["'self'"]);
    expect(production.get("form-action")).toEqual(["'self'"]);
    expect(production.get("default-src")).toEqual(["'self'"]);
  });

  it("allows eval only under next dev, where React rebuilds server error stacks with it", () => {
    expect(policy({ development: true }).get("script-src")).toContain("'unsafe-eval'");
  });

  it("lets the realtime client reach the built-in stream (this site), Pusher or Soketi", () => {
    expect(policy({}).get("connect-src")).toEqual(["'self'"]);
    expect(policy({ pusher: { cluster: "eu", useTLS: true } }).get("connect-src")).toEqual([
      "'self'",
      "wss://ws-eu.pusher.com",
      "https://sockjs-eu.pusher.com",
    ]);
  });

  it("names the Soketi host with the schemes and port pusher-js will try", () => {
    const soketi = { host: "soketi.internal", port: 6001, useTLS: false };
    // Without TLS, pusher-js falls back from ws to wss after two seconds.
    expect(realtimeConnectSources(soketi, false)).toEqual([
      "ws://soketi.internal:6001",
      "wss://soketi.internal:6001",
    ]);
    // On an https page pusher-js always uses TLS.
    expect(realtimeConnectSources(soketi, true)).toEqual(["wss://soketi.internal:6001"]);
    expect(realtimeConnectSources({ ...soketi, port: undefined, useTLS: true }, false)).toEqual([
      "wss://soketi.internal",
    ]);
    // Pusher's default cluster when none is set (components/realtime/realtime-provider.tsx).
    expect(realtimeConnectSources({ useTLS: true }, true)).toEqual([
      "wss://ws-mt1.pusher.com",
      "https://sockjs-mt1.pusher.com",
    ]);
  });

  it("has a fresh random nonce each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("framing", () => {
  it("is refused on every page but the chat page", () => {
    for (const pathname of [
      "/",
      "/login",
      "/messenger",
      "/settings/workspace",
      "/widget-demo",
      "/chat",
      "/chatty",
    ]) {
      const headers = requestSecurityHeaders({
        ...base,
        pathname,
        chatFrameAncestors: ["https://a.example"],
      });
      expect(headers["X-Frame-Options"], pathname).toBe("DENY");
      expect(policy({ pathname }).get("frame-ancestors"), pathname).toEqual(["'none'"]);
    }
  });

  it("of a chat page, is open to any site while its workspace lists none", () => {
    for (const pathname of ["/chat/acme", "/chat/acme/c/123", "/chat/acme/sign-in"]) {
      const headers = requestSecurityHeaders({ ...base, pathname, chatFrameAncestors: [] });
      expect(headers).not.toHaveProperty("X-Frame-Options");
      expect(headers["Content-Security-Policy"]).not.toContain("frame-ancestors");
    }
  });

  it("of a chat page, is limited to the listed sites and this app", () => {
    const sites = ["https://www.example.com", "https://*.example.org"];
    const headers = requestSecurityHeaders({
      ...base,
      pathname: "/chat/acme/c/1",
      chatFrameAncestors: sites,
    });
    expect(headers).not.toHaveProperty("X-Frame-Options");
    expect(policy({ pathname: "/chat/acme", chatFrameAncestors: sites }).get("frame-ancestors")).toEqual([
      "'self'",
      ...sites,
    ]);
  });

  it("reads the workspace from the chat page's address", () => {
    expect(chatSlugOf("/chat/acme")).toBe("acme");
    expect(chatSlugOf("/chat/Acme/c/42")).toBe("acme");
    expect(chatSlugOf("/chat/ac%6De/sign-in")).toBe("acme");
    for (const pathname of ["/chat", "/chat/", "/chatty/acme", "/messenger/chat/acme", "/chat/%E0%A4%A"]) {
      expect(chatSlugOf(pathname), pathname).toBeNull();
    }
  });
});
