import { describe, expect, it } from "vitest";
import { openTestWorkspaces } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { isOnline, recordHeartbeat } from "./presence";

let alice: TeamActor;
let bob: TeamActor;
const { db } = openTestWorkspaces([{ slug: "acme", team: ["Alice Admin", "Bob Builder"] }], ({ member }) => {
  [alice, bob] = [member("Alice Admin"), member("Bob Builder")];
});

describe("presence", () => {
  it("counts a person online for 60 seconds after their last heartbeat, and no longer", async () => {
    const t0 = new Date("2026-11-24T10:00:00Z");
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const online = (who: TeamActor, seconds: number) =>
      isOnline(db(), { person: { userId: who.userId }, now: at(seconds) });

    expect(await online(alice, 0)).toBe(false);
    await recordHeartbeat(db(), { actor: alice, now: t0 });
    expect(await online(alice, 0)).toBe(true);
    expect(await online(alice, 59)).toBe(true);
    expect(await online(alice, 61)).toBe(false);
    expect(await online(bob, 1)).toBe(false);

    // A later heartbeat (every 20 s while connected) keeps her online.
    await recordHeartbeat(db(), { actor: alice, now: at(40) });
    expect(await online(alice, 90)).toBe(true);
    expect(await online(alice, 101)).toBe(false);
  });
});
