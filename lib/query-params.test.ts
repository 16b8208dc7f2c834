import { describe, expect, it } from "vitest";
import { loginQuery } from "@/lib/auth/login-params";
import {
  chatHomeQuery,
  conversationLinkQuery,
  signInLinkQuery,
  unsubscribeQuery,
  widgetDemoQuery,
} from "@/lib/chat/chat-params";
import { messengerParams } from "@/lib/conversations/messenger-params";
import { streamQuery } from "@/lib/realtime/stream-query";
import { queryObject } from "./query-params";

/** What Next hands a page for this query string, and what queryObject makes of it for a route. */
const query = (search: string) => queryObject(new URLSearchParams(search));

describe("a URL's query, as Next gives it to pages", () => {
  it("keeps a single value a string and makes a repeated one an array", () => {
    expect(query("t=a&c=x&t=b")).toEqual({ t: ["a", "b"], c: "x" });
    expect(query("")).toEqual({});
  });

  it("makes __proto__ an ordinary key, not the object's prototype", () => {
    const parsed = query("__proto__=x");
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed, "__proto__")).toBe(true);
  });
});

describe("every page's and route's query parses, whatever is sent", () => {
  const names = ["link", "token", "t", "c", "workspace", "next", "error", "view", "cursor", "draft"];
  // Repeated, over-long, empty, or a name that is also a property of every object.
  const crafted = names.flatMap((name) => [
    `${name}=a&${name}=b`,
    `${name}=${"x".repeat(3000)}`,
    `${name}=`,
    `${name}=constructor&__proto__=x`,
  ]);
  const schemas = {
    chatHomeQuery,
    signInLinkQuery,
    unsubscribeQuery,
    conversationLinkQuery,
    widgetDemoQuery,
    loginQuery,
    messengerParams,
  };

  it.each(Object.entries(schemas))("%s never throws", (_name, schema) => {
    for (const search of crafted)
      expect(() => schema.parse(query(search)), search.slice(0, 40)).not.toThrow();
  });

  it("reads a repeated or over-long link token as no token: the ordinary 'expired' page", () => {
    expect(signInLinkQuery.parse(query("token=a&token=b"))).toEqual({ token: "" });
    expect(signInLinkQuery.parse(query(`token=${"a".repeat(201)}`))).toEqual({ token: "" });
    expect(signInLinkQuery.parse(query("token=abc"))).toEqual({ token: "abc" });
    expect(unsubscribeQuery.parse(query("t=a&t=b"))).toEqual({ t: "" });
    expect(unsubscribeQuery.parse(query("t=abc"))).toEqual({ t: "abc" });
    expect(conversationLinkQuery.parse(query("c=x&c=y&t=1"))).toEqual({ c: "", t: "1" });
  });

  it("shows a chat notice only for the notices there are", () => {
    expect(chatHomeQuery.parse(query("link=other"))).toEqual({ link: "other" });
    expect(chatHomeQuery.parse(query("link=constructor"))).toEqual({ link: undefined });
    expect(chatHomeQuery.parse(query("link=other&link=expired"))).toEqual({ link: undefined });
  });

  it("words the sign-in page's error from its own table only", () => {
    expect(loginQuery.parse(query("error=CredentialsSignin")).error).toBe("Email or password is incorrect.");
    expect(loginQuery.parse(query("error=constructor")).error).toBe("Sign-in failed. Try again.");
    expect(loginQuery.parse(query("error=a&error=b")).error).toBe("Sign-in failed. Try again.");
    expect(loginQuery.parse(query("")).error).toBeUndefined();
    expect(loginQuery.parse(query("next=/a&next=/b")).next).toBeUndefined();
  });

  it("demos the seeded workspace unless given one good slug", () => {
    expect(widgetDemoQuery.parse(query("workspace=Globex"))).toEqual({ workspace: "globex" });
    expect(widgetDemoQuery.parse(query("workspace=a&workspace=b"))).toEqual({ workspace: "acme" });
    expect(widgetDemoQuery.parse(query("workspace=<script>"))).toEqual({ workspace: "acme" });
  });

  it("opens the messenger's inbox for a repeated view", () => {
    expect(messengerParams.parse(query("view=a&view=b"))).toEqual({ view: "inbox" });
  });
});

describe("the built-in stream's channels", () => {
  it("takes one or more channels, each once, and refuses none or too many", () => {
    expect(streamQuery.parse(query("channel=a"))).toEqual({ channel: ["a"] });
    expect(streamQuery.parse(query("channel=a&channel=b&channel=a"))).toEqual({ channel: ["a", "b"] });
    expect(streamQuery.safeParse(query("")).success).toBe(false);
    const many = Array.from({ length: 21 }, (_, i) => `channel=c${i}`).join("&");
    expect(streamQuery.safeParse(query(many)).success).toBe(false);
  });
});
