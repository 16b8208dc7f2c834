import type { ReactNode } from "react";
import { requireAdminPage } from "@/lib/auth/session";

/**
 * Admins only, decided here as well as in the pages: they stream behind their loading skeletons,
 * and a redirect thrown there would arrive after a 200. Here a member gets a real redirect.
 */
export default async function CustomersLayout({ children }: { children: ReactNode }) {
  await requireAdminPage("/messenger");
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-4xl p-4 sm:p-6">{children}</div>
    </div>
  );
}
