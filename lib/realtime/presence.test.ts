import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { createTestDb, createWorkspace } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { isOnline, recordHeartbeat } from "./presence";

let connection: Connection;
let alice: TeamActor;
let bob: TeamActor;

beforeAll(async () => {
  connection = await createTestDb();
  const acme = await createWorkspace(connection, { slug: "acme", team: ["Alice Admin", "Bob Builder"] });
  [alice, bob] = [acme.member("Alice Admin"), acme.member("Bob Builder")];
});
afterAll(() => connection.close());

describe("presence", () => {
  it("counts a person online for 60 seconds after their last heartbeat, and no longer", async () => {
    const t0 = new Date("2026-11-24T10:00:00Z");
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const online = (who: TeamActor, seconds: number) =>
      isOnline(connection.db, { person: { userId: who.userId }, now: at(seconds) });

    expect(await online(alice, 0)).toBe(false);
    await recordHeartbeat(connection.db, { actor: alice, now: t0 });
    expect(await online(alice, 0)).toBe(true);
    expect(await online(alice, 59)).toBe(true);
    expect(await online(alice, 61)).toBe(false);
    expect(await online(bob, 1)).toBe(false);

    // A later heartbeat (every 20 s while connected) keeps her online.
    await recordHeartbeat(connection.db, { actor: alice, now: at(40) });
    expect(await online(alice, 90)).toBe(true);
    expect(await online(alice, 101)).toBe(false);
  });
});
