import { describe, expect, it } from "vitest";
import { openTestWorkspaces } from "@/db/testing";
import { chatGreetingInput, getChatGreeting, updateChatGreeting } from "./chat-greeting";

const { db, member } = openTestWorkspaces([
  { slug: "acme", team: ["Alice Admin", "Bob Builder"] },
  { slug: "globex", team: ["Olga Other"] },
]);

describe("the chat's greeting and usual reply time", () => {
  it("start with the default words, and are changed by an admin for the admin's workspace only", async () => {
    const alice = member("Alice Admin");
    const olga = member("Olga Other");
    expect(await getChatGreeting(db(), { actor: alice })).toEqual({
      chatGreeting: "Hi there! Ask us anything, we're happy to help.",
      chatReplyTime: "hours",
    });
    const greeting = chatGreetingInput.parse({
      chatGreeting: "  Hello!\nWe answer\u202E weekdays.  ",
      chatReplyTime: "minutes",
    });
    expect(await updateChatGreeting(db(), { actor: alice, greeting })).toEqual({
      chatGreeting: "Hello! We answer weekdays.",
      chatReplyTime: "minutes",
    });
    expect(await getChatGreeting(db(), { actor: alice })).toEqual(greeting);
    expect((await getChatGreeting(db(), { actor: olga })).chatReplyTime).toBe("hours");
  });

  it("cannot be read or changed by a member", async () => {
    const bob = member("Bob Builder");
    const alice = member("Alice Admin");
    const before = await getChatGreeting(db(), { actor: alice });
    await expect(getChatGreeting(db(), { actor: bob })).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      updateChatGreeting(db(), { actor: bob, greeting: { chatGreeting: "Go away", chatReplyTime: "day" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await getChatGreeting(db(), { actor: alice })).toEqual(before);
  });

  it("take a greeting of 1 to 200 visible characters and one of the four reply times", () => {
    const ok = (chatGreeting: string, chatReplyTime: string = "day") =>
      chatGreetingInput.safeParse({ chatGreeting, chatReplyTime }).success;
    expect(ok("x".repeat(200))).toBe(true);
    expect(ok("x".repeat(201))).toBe(false);
    expect(ok(" \u200B ")).toBe(false);
    for (const time of ["minutes", "hour", "hours", "day"]) expect(ok("Hi", time), time).toBe(true);
    expect(ok("Hi", "week")).toBe(false);
  });
});
