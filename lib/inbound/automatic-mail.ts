import { bareAddress } from "@/lib/email/address";

/**
 * Why an incoming email was sent by a machine, or null when a person wrote it. Auto-replies ("I'm
 * out of the office") and bounces are recorded and never posted: posting one would notify the
 * thread, whose email could draw another auto-reply, and two autoresponders would loop.
 * - `Auto-Submitted` other than `no` (RFC 3834), and the `X-Autoreply`/`X-Autorespond` older
 *   responders send;
 * - `Precedence: bulk`, `junk`, `list` or `auto_reply`;
 * - a delivery-status report (`multipart/report`), `X-Failed-Recipients`, or mail from
 *   MAILER-DAEMON or postmaster.
 */
export function automaticMailReason({
  headers,
  from,
}: {
  headers: Record<string, string>;
  from: string;
}): string | null {
  const header = (name: string) => {
    const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
    return key === undefined ? undefined : String(headers[key]).trim().toLowerCase();
  };
  const autoSubmitted = header("auto-submitted");
  if (autoSubmitted && autoSubmitted !== "no") return `Auto-Submitted: ${autoSubmitted}`;
  for (const name of ["x-autoreply", "x-autorespond"])
    if (header(name) !== undefined) return `${name} header`;
  const precedence = header("precedence");
  if (precedence && ["bulk", "junk", "list", "auto_reply"].includes(precedence))
    return `Precedence: ${precedence}`;
  if (header("content-type")?.startsWith("multipart/report")) return "delivery-status report";
  if (header("x-failed-recipients") !== undefined) return "delivery failure";
  const sender = bareAddress(from).split("@")[0] ?? "";
  if (["mailer-daemon", "postmaster"].includes(sender)) return `from ${sender}`;
  return null;
}
