import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customerSignInTokens, customers, emailOutbox, workspaceEmailRecipients } from "@/db/schema";
import { openCustomerWorkspaces, testClock } from "@/db/testing";
import { DomainError } from "@/lib/domain-error";
import {
  consumeCustomerSignInLink,
  peekCustomerSignInLink,
  requestCustomerSignInLink,
} from "./sign-in-links";

const acme = openCustomerWorkspaces();
const { db } = acme;

describe("emailed sign-in links", () => {
  const { start: T0, afterMinutes: later } = testClock();
  const linkIn = async (to: string) => {
    const [email] = await db()
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.to, to))
      .orderBy(sql`${emailOutbox.createdAt} desc`)
      .limit(1);
    const token = /token=([A-Za-z0-9_-]+)/.exec(email?.text ?? "")?.[1];
    if (!token) throw new Error(`no sign-in link emailed to ${to}`);
    return token;
  };
  const request = (email: string, now = T0) =>
    requestCustomerSignInLink(db(), {
      workspace: acme.workspace,
      email,
      clientAddress: "203.0.113.9",
      appUrl: "http://app.test",
      now,
    });

  it("works once, stores only a hash, and signs in the customer", async () => {
    await request("dana.diaz@customer.test");
    const token = await linkIn("dana.diaz@customer.test");
    const rows = await db().select().from(customerSignInTokens);
    expect(JSON.stringify(rows)).not.toContain(token);

    expect(
      await peekCustomerSignInLink(db(), { workspaceId: acme.workspace.id, token, now: later(1) }),
    ).toMatchObject({
      email: "dana.diaz@customer.test",
    });
    const first = await consumeCustomerSignInLink(db(), {
      workspaceId: acme.workspace.id,
      token,
      now: later(1),
    });
    expect(first.customerId).toBe(acme.dana.customerId);
    await expect(
      consumeCustomerSignInLink(db(), { workspaceId: acme.workspace.id, token, now: later(2) }),
    ).rejects.toMatchObject({ code: "sign_in_link_invalid" });
  });

  it("expires after 30 minutes, and is no good in another workspace", async () => {
    await request("erin.evans@customer.test");
    const token = await linkIn("erin.evans@customer.test");
    const otherId = acme.outsider.workspaceId;
    await expect(
      consumeCustomerSignInLink(db(), { workspaceId: otherId, token, now: later(1) }),
    ).rejects.toBeInstanceOf(DomainError);
    await expect(
      consumeCustomerSignInLink(db(), { workspaceId: acme.workspace.id, token, now: later(31) }),
    ).rejects.toMatchObject({ code: "sign_in_link_invalid" });
  });

  it("answers the same for a known and an unknown address; the unknown one becomes a customer only by using it", async () => {
    const known = await request("dana.diaz@customer.test", later(100));
    const unknown = await request("stranger@example.test", later(100));
    // One email queued for each (sent after the response, never during it).
    expect(unknown.emailIds).toHaveLength(1);
    expect(known.emailIds).toHaveLength(1);
    expect(await db().$count(customers, eq(customers.email, "stranger@example.test"))).toBe(0);
    const token = await linkIn("stranger@example.test");
    await consumeCustomerSignInLink(db(), { workspaceId: acme.workspace.id, token, now: later(101) });
    expect(await db().$count(customers, eq(customers.email, "stranger@example.test"))).toBe(1);
  });

  it("sends at most five links for one address in 15 minutes, even to parallel requests, and says how long to wait", async () => {
    const address = "flood@example.test";
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => request(address, later(200))));
    const refused = results.filter((r) => r.status === "rejected").map((r) => r.reason as DomainError);
    expect(refused).toHaveLength(3);
    expect(refused[0]).toMatchObject({ code: "rate_limited" });
    expect(refused[0]?.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused[0]?.message).toMatch(/Try again in \d+ (seconds|minutes)\./);
    expect(await db().$count(emailOutbox, eq(emailOutbox.to, address))).toBe(5);
    await request(address, later(216));
    expect(await db().$count(emailOutbox, eq(emailOutbox.to, address))).toBe(6);
    await expect(request("not an email")).rejects.toMatchObject({ code: "invalid_email" });
  });

  it("makes an address known to the workspace when the link is used, not when it is asked for", async () => {
    const known = () =>
      db().$count(
        workspaceEmailRecipients,
        and(
          eq(workspaceEmailRecipients.workspaceId, acme.workspace.id),
          eq(workspaceEmailRecipients.email, "asker@example.test"),
        ),
      );
    await request("asker@example.test", later(400));
    expect(await known()).toBe(0);
    const token = await linkIn("asker@example.test");
    await consumeCustomerSignInLink(db(), { workspaceId: acme.workspace.id, token, now: later(401) });
    expect(await known()).toBe(1);
  });

  it("lets no revoked customer back in", async () => {
    await db()
      .update(customers)
      .set({ revokedAt: later(300) })
      .where(eq(customers.id, acme.erin.customerId));
    await request("erin.evans@customer.test", later(300));
    const token = await linkIn("erin.evans@customer.test");
    await expect(
      consumeCustomerSignInLink(db(), { workspaceId: acme.workspace.id, token, now: later(301) }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await db().update(customers).set({ revokedAt: null }).where(eq(customers.id, acme.erin.customerId));
  });
});
