import type { NextRequest } from "next/server";
import { getDb } from "@/db";
import { handlers } from "@/lib/auth/auth";
import { clientAddressOf } from "@/lib/auth/client-address";
import { assertPasswordSignInAllowed } from "@/lib/auth/password-sign-in";
import { answeringDomainErrors } from "@/lib/domain-error";

export const { GET } = handlers;

/**
 * Auth.js's own endpoints. A password sign-in posted straight to its callback meets the same limits
 * as the sign-in form, answered as 429 with Retry-After rather than Auth.js's redirect.
 */
export function POST(request: NextRequest) {
  return answeringDomainErrors(async () => {
    if (request.nextUrl.pathname.endsWith("/callback/credentials")) {
      const form = await request
        .clone()
        .formData()
        .catch(() => null);
      const email = form?.get("email");
      if (typeof email === "string")
        await assertPasswordSignInAllowed(await getDb(), {
          email,
          clientAddress: clientAddressOf(request.headers),
        });
    }
    return handlers.POST(request);
  });
}
