import { z } from "zod";

// Auth.js sends people back to the sign-in page with ?error=… when its own endpoints refuse.
const linkErrors: Record<string, string> = {
  CredentialsSignin: "Email or password is incorrect.",
  AccessDenied: "That account cannot sign in.",
};

/**
 * The sign-in page's query: where to go after signing in (checked again by safeRedirectPath when
 * used), and what to say about Auth.js's error, if any. Only the table's own keys count, so
 * `?error=constructor` is just an unknown error.
 */
export const loginQuery = z.object({
  next: z.string().max(2000).optional().catch(undefined),
  error: z
    .string()
    .max(100)
    .optional()
    .catch("unknown")
    .transform((code) =>
      code === undefined
        ? undefined
        : Object.hasOwn(linkErrors, code)
          ? linkErrors[code]
          : "Sign-in failed. Try again.",
    ),
});

/** The query of a page an emailed link opens: its token, if it looks like one. */
export const linkPageQuery = z.object({
  token: z.string().min(1).max(200).optional().catch(undefined),
});
