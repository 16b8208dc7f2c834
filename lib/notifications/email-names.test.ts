import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { users, workspaces } from "@/db/schema";
import { type FakeResendWithDriver, openCustomerWorkspaces, startFakeResendWithDriver } from "@/db/testing";
import { queueEmails } from "@/lib/email/mailer";
import { runEmailSweep } from "./email-sweep";

// Rows written before names were cleaned on input, put straight into the database: what the
// provider receives must still hold no line break, override or hidden character in a header.
const SECRET = "test-secret-that-is-at-least-32-characters-long";
const world = openCustomerWorkspaces();
let fake: FakeResendWithDriver;
// The conversations start at the real time, so the sweep runs at the real time too, or later.
const sweep = (secondsLater = 0) =>
  runEmailSweep(world.db(), {
    driver: fake.driver,
    now: new Date(Date.now() + secondsLater * 1_000),
    appUrl: "http://app.test",
    secret: SECRET,
  });
const hidden = /[\p{C}\u2028\u2029]/u;

beforeAll(async () => {
  fake = await startFakeResendWithDriver({ from: "Acme Help <help@acme.test>" });
});
afterAll(() => fake.close());
beforeEach(async () => {
  await sweep(100_000);
  fake.reset();
});

const rename = async ({ alice, workspace }: { alice: string; workspace: string }) => {
  await world.db().update(users).set({ name: alice }).where(eq(users.id, world.alice.userId));
  await world.db().update(workspaces).set({ name: workspace }).where(eq(workspaces.id, world.workspace.id));
};

describe("an email built from names already in the database", () => {
  it("has a one-line subject and From, with overrides and hidden characters gone", async () => {
    await rename({
      alice: "Alice\r\nBcc: eve@evil.test\u202e",
      workspace: "Acme\u2067 Support\u200b\r\nX-Spam: no",
    });
    await world.withDana("Your refund is on its way.\nIt takes three days.");
    await sweep();
    const [email, ...more] = fake.accepted.filter((sent) => sent.to.includes("dana.diaz@customer.test"));
    expect(more).toHaveLength(0);
    expect(email?.subject).toBe("New reply from Alice Bcc: eve@evil.test");
    expect(email?.from).toBe('"Alice Bcc: eve@evil.test via Acme Support X-Spam: no" <help@acme.test>');
    // Bodies are not names: their line breaks stay.
    expect(email?.text).toContain("Your refund is on its way.\nIt takes three days.");
    expect(email?.text).toContain("in your conversation with Acme Support X-Spam: no:");
    for (const header of [email?.subject, email?.from]) expect(header).not.toMatch(hidden);
  });

  it("falls back to the workspace, and to 'Someone', when a name is nothing but hidden characters", async () => {
    await rename({ alice: "\u202e\u200b\r\n", workspace: "Acme" });
    await world.withDana("Hello");
    await sweep();
    const [email] = fake.accepted.filter((sent) => sent.to.includes("dana.diaz@customer.test"));
    expect(email?.from).toBe('"Acme" <help@acme.test>');
    expect(email?.subject).toBe("New reply from Someone");
  });

  it("cleans a team member's email too", async () => {
    await rename({ alice: "Alice\u2066 Admin\n", workspace: "Acme" });
    await world.withDana("For Bob as well");
    await sweep(120); // a team member's email waits out the workspace delay
    const [email] = fake.accepted.filter((sent) => sent.to.includes("bob.builder@acme.test"));
    expect(email?.subject).toBe("New message from Alice Admin");
  });

  it("sends an email queued before the rule with a clean subject and From", async () => {
    await queueEmails(world.db(), [
      {
        to: "old@customer.test",
        fromName: "Acme\u202e\r\nBcc: eve@evil.test",
        subject: "Old\r\nBcc: eve@evil.test\u2028subject",
        html: "<p>old</p>",
        text: "old",
      },
    ]);
    await sweep();
    const [email] = fake.accepted.filter((sent) => sent.to.includes("old@customer.test"));
    expect(email?.subject).toBe("Old Bcc: eve@evil.test subject");
    expect(email?.from).toBe('"Acme Bcc: eve@evil.test" <help@acme.test>');
  });
});
