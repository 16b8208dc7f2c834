import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { customers, users, workspaces } from "@/db/schema";
import { signToken, verifyToken } from "@/lib/chat/signed-token";
import { DomainError } from "@/lib/domain-error";
import { takeBackUnsentEmails } from "./drop-from-unsent-emails";

/**
 * One-click unsubscribing (RFC 8058) from notification emails, for team members and customers
 * alike. The link is the only credential: a signed token naming the person and their workspace.
 * It does not expire: mail clients POST to it long after the email came, and all it can do is turn
 * that one person's notification email off or on. So it is the same link in every email to them,
 * and an email written again (a deleted message dropping out) keeps its headers.
 */
const NEVER = 253_402_300_799; // 9999-12-31, in seconds: signed tokens carry an expiry

/** Whose notification emails a link turns off: a team member (`u`) or a customer (`c`). */
export type Subscriber = { kind: "user" | "customer"; id: string; workspaceId: string };

const payload = z.object({ k: z.enum(["u", "c"]), p: z.uuid(), w: z.uuid() });

export function unsubscribeToken(person: Subscriber, secret: string) {
  return signToken(
    "email-unsubscribe",
    {
      k: person.kind === "user" ? "u" : "c",
      p: person.id,
      w: person.workspaceId,
      exp: NEVER,
    },
    secret,
  );
}

/** The link in the email's List-Unsubscribe header and footer: POST unsubscribes, GET shows a page. */
export function unsubscribeUrl({ appUrl, person }: { appUrl: string; person: Subscriber }, secret: string) {
  return new URL(`/unsubscribe/${unsubscribeToken(person, secret)}`, appUrl).toString();
}

/** The headers that let a mail client offer its own Unsubscribe button, which POSTs to the link. */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** The person and workspace a genuine link names; null for an altered or forged one. */
function readToken(token: string, secret: string): Subscriber | null {
  const parsed = payload.safeParse(verifyToken("email-unsubscribe", token, secret));
  if (!parsed.success) return null;
  const { k, p, w } = parsed.data;
  return { kind: k === "u" ? "user" : "customer", id: p, workspaceId: w };
}

const tableOf = { user: users, customer: customers } as const;
// A team member is subscribed unless their email choice is None; a customer, while subscribed.
const subscribedOf = {
  user: sql<boolean>`${users.emailChoice} <> 'none'`,
  customer: sql<boolean>`${customers.notifyEmail}`,
} as const;

/**
 * Who a link is for, and whether they get notification emails now: what the page shows before
 * anyone presses a button. Null for a link that is altered or forged, or names someone who is not
 * (or no longer) in the workspace it names.
 */
export async function findSubscriber(db: Db, { token, secret }: { token: string; secret: string }) {
  const person = readToken(token, secret);
  if (!person) return null;
  const table = tableOf[person.kind];
  const [row] = await db
    .select({ email: table.email, subscribed: subscribedOf[person.kind], workspaceName: workspaces.name })
    .from(table)
    .innerJoin(workspaces, eq(workspaces.id, table.workspaceId))
    .where(and(eq(table.id, person.id), eq(table.workspaceId, person.workspaceId)));
  // A visitor has no address, so no email, and no link of their own to be here with.
  return row?.email ? { ...person, ...row, email: row.email } : null;
}

/**
 * Turns the person's notification emails off (or, to undo, back on): a team member's email choice
 * (Settings → Notifications: None, or All messages again), a customer's subscription. The sweep
 * re-checks it before every email, so nothing already planned goes out after this
 * (lib/notifications/email-policy.ts).
 */
export async function setEmailSubscription(
  db: Db,
  input: { token: string; subscribed: boolean; secret: string },
) {
  const person = readToken(input.token, input.secret);
  const changed = !person
    ? []
    : await db.transaction(async (tx) => {
        const rows =
          person.kind === "user"
            ? await tx
                .update(users)
                .set({ emailChoice: input.subscribed ? "all" : "none" })
                .where(and(eq(users.id, person.id), eq(users.workspaceId, person.workspaceId)))
                .returning({ id: users.id })
            : await tx
                .update(customers)
                .set({ notifyEmail: input.subscribed })
                .where(and(eq(customers.id, person.id), eq(customers.workspaceId, person.workspaceId)))
                .returning({ id: customers.id });
        if (rows.length > 0 && !input.subscribed)
          await takeBackUnsentEmails(tx, {
            person: person.kind === "user" ? { userId: person.id } : { customerId: person.id },
          });
        return rows;
      });
  if (changed.length === 0)
    throw new DomainError(
      "unsubscribe_link_invalid",
      "This unsubscribe link is not valid. Use the link in a recent email.",
    );
  return { subscribed: input.subscribed };
}
