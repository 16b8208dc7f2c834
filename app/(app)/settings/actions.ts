"use server";

import { revalidatePath } from "next/cache";
import { teamAction } from "@/lib/server-action";
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
