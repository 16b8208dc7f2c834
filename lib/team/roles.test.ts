import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { openTestWorkspaces } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { setMemberActive } from "@/lib/people/access-control";
import { setMemberRole } from "./roles";

// Ann is Acme's first admin; Ben and Cat are members; Olga is Globex's admin.
const { db, member } = openTestWorkspaces([
  { slug: "acme", team: ["Ann Admin", "Ben Builder", "Cat Coder"] },
  { slug: "globex", team: ["Olga Other", "Gil Globex"] },
]);

const ann = () => member("Ann Admin");
const ben = () => member("Ben Builder");
const asAdmin = (actor: TeamActor): TeamActor => ({ ...actor, role: "admin" });

async function roleOf(actor: TeamActor) {
  const [row] = await db()
    .select({ role: users.role, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(eq(users.id, actor.userId));
  return row;
}

async function activeAdminsOfAcme() {
  const rows = await db().select().from(users).where(eq(users.workspaceId, ann().workspaceId));
  return rows.filter((row) => row.role === "admin" && !row.deactivatedAt).map((row) => row.name);
}

// Every test starts from Ann the only admin, everyone active.
beforeEach(async () => {
  await db()
    .update(users)
    .set({ role: "member", deactivatedAt: null })
    .where(eq(users.workspaceId, ann().workspaceId));
  await db().update(users).set({ role: "admin" }).where(eq(users.id, ann().userId));
});

describe("changing a member's role", () => {
  it("an admin makes a member an admin, and back", async () => {
    await setMemberRole(db(), { actor: ann(), userId: ben().userId, role: "admin" });
    expect((await roleOf(ben()))?.role).toBe("admin");
    await setMemberRole(db(), { actor: ann(), userId: ben().userId, role: "member" });
    expect((await roleOf(ben()))?.role).toBe("member");
  });

  it("a member cannot change anyone's role, their own included", async () => {
    await expect(
      setMemberRole(db(), { actor: ben(), userId: ben().userId, role: "admin" }),
    ).rejects.toMatchObject({ code: "forbidden", message: "Only admins can change a member's role." });
    expect((await roleOf(ben()))?.role).toBe("member");
  });

  it("an actor whose admin role was taken away since their session started is refused", async () => {
    // The session said admin; the database no longer does.
    await expect(
      setMemberRole(db(), { actor: asAdmin(ben()), userId: member("Cat Coder").userId, role: "admin" }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("an admin of another workspace cannot change the role of Acme's members", async () => {
    await expect(
      setMemberRole(db(), { actor: member("Olga Other"), userId: ben().userId, role: "admin" }),
    ).rejects.toMatchObject({ code: "member_not_found" });
    expect((await roleOf(ben()))?.role).toBe("member");
  });

  it("the last active admin cannot be made a member, with a clear message", async () => {
    await expect(
      setMemberRole(db(), { actor: ann(), userId: ann().userId, role: "member" }),
    ).rejects.toMatchObject({
      code: "last_admin",
      message: "A workspace needs at least one active admin. Make someone else an admin first.",
    });
    expect(await activeAdminsOfAcme()).toEqual(["Ann Admin"]);
  });

  it("an admin may step down while another active admin remains, not while the other is deactivated", async () => {
    await setMemberRole(db(), { actor: ann(), userId: ben().userId, role: "admin" });
    await setMemberActive(db(), { actor: ann(), userId: ben().userId, active: false });
    await expect(
      setMemberRole(db(), { actor: ann(), userId: ann().userId, role: "member" }),
    ).rejects.toMatchObject({ code: "last_admin" });
    await setMemberActive(db(), { actor: ann(), userId: ben().userId, active: true });
    await setMemberRole(db(), { actor: ann(), userId: ann().userId, role: "member" });
    expect(await activeAdminsOfAcme()).toEqual(["Ben Builder"]);
  });

  it("two admins demoting each other at the same moment leave one admin", async () => {
    for (let round = 0; round < 5; round++) {
      await db().update(users).set({ role: "admin" }).where(eq(users.id, ben().userId));
      const results = await Promise.allSettled([
        setMemberRole(db(), { actor: ann(), userId: ben().userId, role: "member" }),
        setMemberRole(db(), { actor: asAdmin(ben()), userId: ann().userId, role: "member" }),
      ]);
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((result) => result.status === "rejected");
      // The second finds itself demoted already (forbidden), or the other the last admin.
      expect(["forbidden", "last_admin"]).toContain((refused as PromiseRejectedResult).reason.code);
      expect(await activeAdminsOfAcme()).toHaveLength(1);
      // Back to Ann alone as admin for the next round.
      await db().update(users).set({ role: "admin" }).where(eq(users.id, ann().userId));
      await db().update(users).set({ role: "member" }).where(eq(users.id, ben().userId));
    }
  });

  it("two admins deactivating each other at the same moment leave one active admin", async () => {
    await setMemberRole(db(), { actor: ann(), userId: ben().userId, role: "admin" });
    const results = await Promise.allSettled([
      setMemberActive(db(), { actor: ann(), userId: ben().userId, active: false }),
      setMemberActive(db(), { actor: asAdmin(ben()), userId: ann().userId, active: false }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await activeAdminsOfAcme()).toHaveLength(1);
  });

  it("demoting one admin while the other deactivates them, at once, leaves one active admin", async () => {
    await setMemberRole(db(), { actor: ann(), userId: ben().userId, role: "admin" });
    await Promise.allSettled([
      setMemberRole(db(), { actor: ann(), userId: ben().userId, role: "member" }),
      setMemberActive(db(), { actor: asAdmin(ben()), userId: ann().userId, active: false }),
    ]);
    expect(await activeAdminsOfAcme()).toHaveLength(1);
  });
});

describe("deactivating admins", () => {
  it("an admin deactivates another admin while they remain one themselves", async () => {
    await setMemberRole(db(), { actor: ann(), userId: ben().userId, role: "admin" });
    await setMemberActive(db(), { actor: ann(), userId: ben().userId, active: false });
    expect(await activeAdminsOfAcme()).toEqual(["Ann Admin"]);
  });

  it("a deactivated admin's stale session cannot deactivate the last active admin", async () => {
    await setMemberRole(db(), { actor: ann(), userId: ben().userId, role: "admin" });
    await setMemberActive(db(), { actor: ann(), userId: ben().userId, active: false });
    await expect(
      setMemberActive(db(), { actor: asAdmin(ben()), userId: ann().userId, active: false }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await activeAdminsOfAcme()).toEqual(["Ann Admin"]);
  });
});
