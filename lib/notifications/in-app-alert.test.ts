import { describe, expect, it } from "vitest";
import type { MessageNotice } from "@/lib/realtime/events";
import { inAppAlert } from "./in-app-alert";

const notice: MessageNotice = {
  conversationId: "c1",
  messageId: "m1",
  seq: 2,
  authorId: "alice",
  authorName: "Alice",
  preview: "Hi",
  system: false,
};
const bob = { id: "bob", bubbles: true, sound: true };
const elsewhere = { threadOpen: false, tabHidden: false };

describe("inAppAlert", () => {
  it("bubbles and chimes for a message in a conversation not on screen", () => {
    expect(inAppAlert(notice, bob, elsewhere)).toEqual({ bubble: true, sound: true });
  });

  it("only chimes for the conversation on screen when the tab is hidden, and is silent when it is in view", () => {
    expect(inAppAlert(notice, bob, { threadOpen: true, tabHidden: true })).toEqual({
      bubble: false,
      sound: true,
    });
    expect(inAppAlert(notice, bob, { threadOpen: true, tabHidden: false })).toEqual({
      bubble: false,
      sound: false,
    });
  });

  it("follows each of the person's two switches on its own", () => {
    expect(inAppAlert(notice, { ...bob, sound: false }, elsewhere)).toEqual({ bubble: true, sound: false });
    expect(inAppAlert(notice, { ...bob, bubbles: false }, elsewhere)).toEqual({ bubble: false, sound: true });
  });

  it("says nothing of one's own message, a system line, a muted conversation, or while paused", () => {
    for (const quiet of [
      { ...notice, authorId: "bob" },
      { ...notice, system: true },
      { ...notice, muted: true as const },
      { ...notice, paused: true as const },
    ])
      expect(inAppAlert(quiet, bob, { threadOpen: false, tabHidden: true })).toEqual({
        bubble: false,
        sound: false,
      });
  });
});
