"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { setCustomerAccess, setMemberActive } from "@/lib/people/access-control";
import { listWorkspaceCustomers } from "@/lib/people/directory";
import { teamAction } from "@/lib/server-action";
import { chatFrameSitesInput, updateChatFrameSites } from "@/lib/settings/chat-frame-sites";
import { notificationSettingsInput, updateNotificationSettings } from "@/lib/settings/notification-settings";
import { updateWorkspaceSettings, workspaceSettingsInput } from "@/lib/settings/workspace-settings";

export const saveNotificationSettings = teamAction(
  notificationSettingsInput,
  async ({ db, actor }, settings) => {
    const saved = await updateNotificationSettings(db, { actor, settings });
    // The bubble setting is read by the app layout.
    revalidatePath("/", "layout");
    return saved;
  },
);

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
    revalidatePath("/settings/people");
    return { userId, active };
  },
);

/** Revoking signs the customer out of the chat everywhere at once, and no link lets them back in. */
export const setCustomerAccessAction = teamAction(
  z.object({ customerId: personId, revoked: z.boolean() }),
  async ({ db, actor }, { customerId, revoked }) => {
    await setCustomerAccess(db, { actor, customerId, revoked });
    revalidatePath("/settings/people");
    return { customerId, revoked };
  },
);

/** The People page's customer list: a search, or the next page after "Show more". */
export const listCustomersAction = teamAction(
  z.object({ cursor: z.string().max(200).optional(), query: z.string().max(100).optional() }),
  ({ db, actor }, input) => listWorkspaceCustomers(db, { actor, ...input }),
);
