"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { closeLiveConnections } from "@/lib/auth/sessions";
import { rotateIdentitySecret } from "@/lib/chat/identity";
import { sendSoon } from "@/lib/email/send-soon";
import { getEnv } from "@/lib/env";
import { setMemberActive } from "@/lib/people/access-control";
import {
  forgetPushEndpoint,
  pushSubscriptionInput,
  removePushDevice,
  savePushSubscription,
} from "@/lib/push/subscriptions";
import { sendTestPush } from "@/lib/push/test-push";
import { teamAction } from "@/lib/server-action";
import { chatFrameSitesInput, updateChatFrameSites } from "@/lib/settings/chat-frame-sites";
import { chatGreetingInput, updateChatGreeting } from "@/lib/settings/chat-greeting";
import {
  notificationSettingsInput,
  pauseInput,
  pauseNotifications,
  resumeNotifications,
  updateNotificationSettings,
} from "@/lib/settings/notification-settings";
import { updateWorkspaceSettings, workspaceSettingsInput } from "@/lib/settings/workspace-settings";
import { inviteInput, inviteMember, resendInvitation, revokeInvitation } from "@/lib/team/invitations";
import { setMemberCustomerFacing, setMemberEmailOff } from "@/lib/team/member-settings";
import { setMemberRole } from "@/lib/team/roles";

export const saveNotificationSettings = teamAction(
  notificationSettingsInput,
  async ({ db, actor }, settings) => {
    const saved = await updateNotificationSettings(db, { actor, settings });
    // The bubble and sound settings are read by the app layout.
    revalidatePath("/", "layout");
    return saved;
  },
);

/** This browser's push subscription, named after its user agent in the person's list of devices. */
export const savePushSubscriptionAction = teamAction(
  z.object({ subscription: pushSubscriptionInput }),
  async ({ db, actor }, { subscription }) => {
    const device = (await headers()).get("user-agent") ?? "";
    const saved = await savePushSubscription(db, { actor, subscription, device });
    revalidatePath("/settings/notifications");
    return saved;
  },
);

/** This browser turned push off. */
export const forgetPushEndpointAction = teamAction(
  z.object({ endpoint: z.string().min(1).max(2_000) }),
  async ({ db, actor }, { endpoint }) => {
    await forgetPushEndpoint(db, { actor, endpoint });
    revalidatePath("/settings/notifications");
  },
);

export const removePushDeviceAction = teamAction(
  z.object({ id: z.string().min(1).max(100) }),
  async ({ db, actor }, { id }) => {
    await removePushDevice(db, { actor, id });
    revalidatePath("/settings/notifications");
  },
);

export const sendTestPushAction = teamAction(z.object({}), async ({ db, actor }) => {
  const outcome = await sendTestPush(db, { actor });
  if (outcome.removed > 0) revalidatePath("/settings/notifications");
  return outcome;
});

export const pauseNotificationsAction = teamAction(pauseInput, async ({ db, actor }, { until }) => {
  const paused = await pauseNotifications(db, { actor, until });
  // The layout shows the pause on every page.
  revalidatePath("/", "layout");
  return paused;
});

export const resumeNotificationsAction = teamAction(z.object({}), async ({ db, actor }) => {
  const resumed = await resumeNotifications(db, { actor });
  revalidatePath("/", "layout");
  return resumed;
});

export const saveWorkspaceSettings = teamAction(workspaceSettingsInput, ({ db, actor }, settings) =>
  updateWorkspaceSettings(db, { actor, settings }),
);

export const saveChatFrameSites = teamAction(
  z.object({ sites: chatFrameSitesInput }),
  ({ db, actor }, { sites }) => updateChatFrameSites(db, { actor, sites }),
);

const personId = z.string().min(1).max(100);

/** Deactivating signs the member out everywhere at once (lib/people/access-control.ts). */
export const setMemberActiveAction = teamAction(
  z.object({ userId: personId, active: z.boolean() }),
  async ({ db, actor }, { userId, active }) => {
    await setMemberActive(db, { actor, userId, active });
    revalidatePath("/settings/team");
    return { userId, active };
  },
);

/** The last active admin keeps their role, however many admins change roles at once (lib/team/roles.ts). */
export const setMemberRoleAction = teamAction(
  z.object({ userId: personId, role: z.enum(["admin", "member"]) }),
  async ({ db, actor }, { userId, role }) => {
    await setMemberRole(db, { actor, userId, role });
    revalidatePath("/settings/team");
    return { userId, role };
  },
);

/** Off, the member is emailed about no message whatever they chose (lib/team/member-settings.ts). */
export const setMemberEmailOffAction = teamAction(
  z.object({ userId: personId, off: z.boolean() }),
  async ({ db, actor }, { userId, off }) => {
    await setMemberEmailOff(db, { actor, userId, off });
    revalidatePath("/settings/team");
    return { userId, off };
  },
);

/** Customer-facing members see every open customer conversation and join those customers start. */
export const setMemberCustomerFacingAction = teamAction(
  z.object({ userId: personId, customerFacing: z.boolean() }),
  async ({ db, actor }, { userId, customerFacing }) => {
    await setMemberCustomerFacing(db, { actor, userId, customerFacing });
    revalidatePath("/settings/team");
    return { userId, customerFacing };
  },
);

/** Emails the invitation's single-use link just after the response (lib/team/invitations.ts). */
export const inviteMemberAction = teamAction(inviteInput, async ({ db, actor }, { email, role }) => {
  const { invitation, batchIds } = await inviteMember(db, { actor, email, role, appUrl: getEnv().APP_URL });
  sendSoon(db, batchIds);
  revalidatePath("/settings/team");
  return invitation;
});

const invitationId = z.object({ invitationId: z.string().min(1).max(100) });

/** A new link replaces the old one, which stops working. */
export const resendInvitationAction = teamAction(invitationId, async ({ db, actor }, { invitationId }) => {
  const { invitation, batchIds } = await resendInvitation(db, {
    actor,
    invitationId,
    appUrl: getEnv().APP_URL,
  });
  sendSoon(db, batchIds);
  revalidatePath("/settings/team");
  return invitation;
});

export const revokeInvitationAction = teamAction(invitationId, async ({ db, actor }, { invitationId }) => {
  await revokeInvitation(db, { actor, invitationId });
  revalidatePath("/settings/team");
  return { invitationId };
});

/** What the chat page says to someone who has not written yet (lib/settings/chat-greeting.ts). */
export const saveChatGreeting = teamAction(chatGreetingInput, ({ db, actor }, greeting) =>
  updateChatGreeting(db, { actor, greeting }),
);

/**
 * A new identity secret: signatures made with the old one stop working, and the chat sessions they
 * made end, live connections too (lib/chat/identity.ts). The secret is not sent back: the page,
 * refreshed, shows it.
 */
export const rotateIdentitySecretAction = teamAction(z.object({}), async ({ db, actor }) => {
  const { endedSessions } = await rotateIdentitySecret(db, { actor });
  await closeLiveConnections(endedSessions);
  return { endedSessions: endedSessions.length };
});
