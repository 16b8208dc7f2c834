import { describe, expect, it } from "vitest";
import { openTestWorkspaces } from "@/db/testing";
import { findSubscriber } from "@/lib/notifications/unsubscribe-links";
import { signToken } from "./signed-token";
import { oneClickPageOfOldLink } from "./unsubscribe";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
const { db, workspace } = openTestWorkspaces([
  { slug: "acme", team: ["Alice Admin"], customers: ["Dana Diaz"] },
  { slug: "globex", team: ["Gus Globex"] },
]);

/** An Unsubscribe link's token as emails sent before the one-click links carried it. */
const oldToken = (customerId: string, now = new Date()) =>
  signToken(
    "unsubscribe",
    { c: customerId, exp: Math.floor(now.getTime() / 1000) + 365 * 24 * 3600 },
    SECRET,
  );
const tokenOfPage = (page: string | null) => decodeURIComponent(page?.split("/")[2] ?? "");

describe("an Unsubscribe link of an older customer email", () => {
  it("leads to the one-click link's page for the same customer", async () => {
    const dana = workspace("acme").customer("Dana Diaz");
    const acme = workspace("acme").workspace.id;
    const page = oneClickPageOfOldLink({ token: oldToken(dana.customerId), workspaceId: acme }, SECRET);
    expect(page).toMatch(/^\/unsubscribe\/[^/]+\/confirm$/);
    expect(await findSubscriber(db(), { token: tokenOfPage(page), secret: SECRET })).toMatchObject({
      kind: "customer",
      id: dana.customerId,
      email: "dana.diaz@customer.test",
    });
    // Opened under another workspace's address, it names nobody there.
    const globex = workspace("globex").workspace.id;
    const elsewhere = oneClickPageOfOldLink(
      { token: oldToken(dana.customerId), workspaceId: globex },
      SECRET,
    );
    expect(await findSubscriber(db(), { token: tokenOfPage(elsewhere), secret: SECRET })).toBeNull();
  });

  it("leads nowhere when altered, forged or past its year", () => {
    const dana = workspace("acme").customer("Dana Diaz").customerId;
    const workspaceId = workspace("acme").workspace.id;
    const expired = oldToken(dana, new Date(Date.now() - 400 * 24 * 3600 * 1000));
    const forged = signToken(
      "unsubscribe",
      { c: dana, exp: 4_000_000_000 },
      "another-secret-of-at-least-32-characters",
    );
    for (const token of [`${oldToken(dana)}x`, "not-a-token", expired, forged])
      expect(oneClickPageOfOldLink({ token, workspaceId }, SECRET)).toBeNull();
  });
});
