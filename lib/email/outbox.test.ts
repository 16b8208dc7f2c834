import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { createTestDb, createWorkspace, type TestWorkspace } from "@/db/testing";
import type { DomainError } from "@/lib/domain-error";
import { resendDriver } from "./driver";
import { queueEmails } from "./mailer";
import { listOutbox } from "./outbox";
import { signInLinkEmail } from "./templates/sign-in-link";

let connection: Connection;
let acme: TestWorkspace;
let globex: TestWorkspace;

beforeAll(async () => {
  connection = await createTestDb();
  acme = await createWorkspace(connection, { slug: "acme", team: ["Alice Admin", "Bob Builder"] });
  globex = await createWorkspace(connection, { slug: "globex", team: ["Gina Globex"] });
});
afterAll(() => connection.close());

const actor = (workspace: typeof acme, name: string) => workspace.member(name);

describe("the dev mailbox", () => {
  it("shows an admin their own workspace's emails, and nobody else's", async () => {
    await queueEmails(connection.db, [
      {
        to: "someone@acme.test",
        workspaceId: acme.workspace.id,
        subject: "Acme only",
        html: "<p>Acme only</p>",
        text: "Acme only",
      },
    ]);
    const subjects = async (who: ReturnType<typeof actor>) =>
      (await listOutbox(connection.db, { actor: who })).map((email) => email.subject);
    expect(await subjects(actor(acme, "Alice Admin"))).toContain("Acme only");
    expect(await subjects(actor(globex, "Gina Globex"))).not.toContain("Acme only");
    const error = await listOutbox(connection.db, { actor: actor(acme, "Bob Builder") }).catch(
      (e: unknown) => e,
    );
    expect((error as DomainError).code).toBe("forbidden");
  });

  it("is closed, even to admins, once a real provider sends the email", async () => {
    const resend = resendDriver({ apiKey: "re_test_key", from: "Acme <help@acme.test>" });
    const error = await listOutbox(connection.db, {
      actor: actor(acme, "Alice Admin"),
      driver: resend,
    }).catch((e: unknown) => e);
    expect((error as DomainError).code).toBe("forbidden");
  });

  it("never hands an admin a teammate's sign-in link, only their own", async () => {
    const alice = actor(acme, "Alice Admin");
    const bob = actor(acme, "Bob Builder");
    for (const [person, token] of [
      [bob, "bob-secret-token"],
      [alice, "alice-own-token"],
    ] as const) {
      await queueEmails(connection.db, [
        {
          to: `${person.name}@acme.test`,
          workspaceId: acme.workspace.id,
          privateToUserId: person.userId,
          ...(await signInLinkEmail({
            url: `http://app.test/login/link?token=${token}`,
            workspaceName: "Acme",
          })),
        },
      ]);
    }
    const aliceSees = JSON.stringify(await listOutbox(connection.db, { actor: alice }));
    // Following Bob's link would sign Alice in as Bob, with every internal conversation of his.
    expect(aliceSees).not.toContain("bob-secret-token");
    expect(aliceSees).toContain("alice-own-token");
  });
});
