import type { MessageNotice } from "@/lib/realtime/events";

/**
 * How a team member's browser tells them of a message on their own channel (DELIVERY-RULES,
 * in-app): a bubble for a conversation not on screen, and with it a short sound; the sound also
 * when the tab is hidden, where a bubble would go unseen. Neither for their own message, a system
 * line, a conversation they muted, or while their notifications were paused when it was sent.
 */
export function inAppAlert(
  notice: MessageNotice,
  me: { id: string; bubbles: boolean; sound: boolean },
  screen: { threadOpen: boolean; tabHidden: boolean },
) {
  const alerting = notice.authorId !== me.id && !notice.system && !notice.muted && !notice.paused;
  const bubble = alerting && me.bubbles && !screen.threadOpen;
  return { bubble, sound: alerting && me.sound && (!screen.threadOpen || screen.tabHidden) };
}
