import type { ReactNode } from "react";
import { requireAdminPage } from "@/lib/auth/session";

/**
 * Admins only, decided here as well as in the page: it streams behind its loading skeleton, where a
 * redirect would arrive after a 200. Here a member gets a real redirect.
 */
export default async function TeamSettingsLayout({ children }: { children: ReactNode }) {
  await requireAdminPage("/settings/notifications");
  return children;
}
