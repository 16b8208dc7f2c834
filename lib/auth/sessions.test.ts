import { describe, expect, it } from "vitest";
import { openCustomerWorkspaces, recordEvents, testClock } from "@/db/testing";
import { customerFromSession, startCustomerSession } from "@/lib/chat/customer-session";
import { setCustomerAccess, setMemberActive } from "@/lib/people/access-control";
import { sessionChannel } from "@/lib/realtime/channels";
import { openEventStream } from "@/lib/realtime/event-stream";
import { Hub } from "@/lib/realtime/hub";
import { endSession, signOutEverywhere, startSession } from "./sessions";
import { loadTeamActor } from "./team-members";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
const acme = openCustomerWorkspaces();
const { db } = acme;
const recorded = recordEvents();

describe("team sessions end on the server", () => {
  const { start: now, afterDays } = testClock();
  const signIn = async (userId: string, at = now) => {
    const sessionId = await startSession(db(), {
      workspaceId: acme.workspace.id,
      person: { userId },
      seconds: 30 * 86_400,
      now: at,
    });
    return { userId, sessionId };
  };
  const actorOf = (session: { userId: string; sessionId: string }, at = now) =>
    loadTeamActor(db(), { ...session, now: at });

  it("a session opens pages until it expires; a made-up or another member's session id opens nothing", async () => {
    const bobs = await signIn(acme.bob.userId);
    expect((await actorOf(bobs))?.userId).toBe(acme.bob.userId);
    expect(await actorOf(bobs, afterDays(31))).toBeNull();
    expect(await actorOf({ userId: acme.bob.userId, sessionId: crypto.randomUUID() })).toBeNull();
    expect(await actorOf({ userId: acme.alice.userId, sessionId: bobs.sessionId })).toBeNull();
    expect(await actorOf({ userId: acme.bob.userId, sessionId: "not-a-uuid" })).toBeNull();
  });

  it("signing out ends this session only; a copied cookie naming it opens nothing", async () => {
    const [laptop, phone] = [await signIn(acme.bob.userId), await signIn(acme.bob.userId)];
    await endSession(db(), laptop.sessionId);
    expect(await actorOf(laptop)).toBeNull();
    expect((await actorOf(phone))?.userId).toBe(acme.bob.userId);
  });

  it("signing out everywhere ends every session of that member, and nobody else's", async () => {
    const [a, b, alices] = [
      await signIn(acme.bob.userId),
      await signIn(acme.bob.userId),
      await signIn(acme.alice.userId),
    ];
    await signOutEverywhere(db(), { userId: acme.bob.userId });
    expect(await actorOf(a)).toBeNull();
    expect(await actorOf(b)).toBeNull();
    expect((await actorOf(alices))?.userId).toBe(acme.alice.userId);
  });

  it("a deactivated member is out at once, and stays out when reactivated until they sign in again", async () => {
    const bobs = await signIn(acme.bob.userId);
    await setMemberActive(db(), { actor: acme.alice, userId: acme.bob.userId, active: false });
    expect(await actorOf(bobs)).toBeNull();
    await setMemberActive(db(), { actor: acme.alice, userId: acme.bob.userId, active: true });
    expect(await actorOf(bobs)).toBeNull();
    expect((await actorOf(await signIn(acme.bob.userId)))?.userId).toBe(acme.bob.userId);
  });

  it("only an admin of the member's own workspace may deactivate them, and never themselves", async () => {
    const bobs = await signIn(acme.bob.userId);
    await expect(
      setMemberActive(db(), { actor: acme.carol, userId: acme.bob.userId, active: false }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      setMemberActive(db(), { actor: acme.alice, userId: acme.alice.userId, active: false }),
    ).rejects.toMatchObject({ code: "cannot_deactivate_self" });
    await expect(
      setMemberActive(db(), { actor: acme.globexAdmin, userId: acme.bob.userId, active: false }),
    ).rejects.toMatchObject({ code: "member_not_found" });
    expect((await actorOf(bobs))?.userId).toBe(acme.bob.userId);
  });
});

describe("customer access", () => {
  const customerSession = async (customerId: string) =>
    (await startCustomerSession(db(), { customerId, workspaceId: acme.workspace.id }, SECRET)).token;
  const actorOf = (token: string) =>
    customerFromSession(db(), { token, workspaceId: acme.workspace.id, secret: SECRET });

  it("a revoked customer is out at once; only an admin of their workspace may revoke or restore", async () => {
    const token = await customerSession(acme.erin.customerId);
    await expect(
      setCustomerAccess(db(), { actor: acme.bob, customerId: acme.erin.customerId, revoked: true }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      setCustomerAccess(db(), {
        actor: { ...acme.alice, workspaceId: acme.outsider.workspaceId },
        customerId: acme.erin.customerId,
        revoked: true,
      }),
    ).rejects.toMatchObject({ code: "customer_not_found" });
    expect(await actorOf(token)).not.toBeNull();

    await setCustomerAccess(db(), { actor: acme.alice, customerId: acme.erin.customerId, revoked: true });
    expect(await actorOf(token)).toBeNull();
    // Restored, they come back by signing in again: the old session stays ended.
    await setCustomerAccess(db(), { actor: acme.alice, customerId: acme.erin.customerId, revoked: false });
    expect(await actorOf(token)).toBeNull();
    expect(await actorOf(await customerSession(acme.erin.customerId))).not.toBeNull();
  });
});

describe("open realtime streams", () => {
  /** A built-in event stream for these sessions, fed by a hub that is told what was published. */
  const openStream = (sessionIds: string[], channels: string[]) => {
    const hub = new Hub();
    const response = openEventStream({
      hub,
      channels,
      closeOn: sessionIds.map(sessionChannel),
      signal: new AbortController().signal,
      maxStreams: 100,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const forwardPublished = () => {
      for (const event of recorded.events) hub.deliver(JSON.stringify(event));
    };
    return { hub, reader, forwardPublished };
  };
  const readAll = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text;
      text += new TextDecoder().decode(value);
    }
  };

  it("close the moment their member is deactivated, and carry nothing after", async () => {
    const sessionId = await startSession(db(), {
      workspaceId: acme.workspace.id,
      person: { userId: acme.bob.userId },
      seconds: 3600,
    });
    const stream = openStream([sessionId], [`private-user-${acme.bob.userId}`]);
    await setMemberActive(db(), { actor: acme.alice, userId: acme.bob.userId, active: false });
    stream.forwardPublished();
    stream.hub.deliver(
      JSON.stringify({ channel: `private-user-${acme.bob.userId}`, name: "typing", data: { secret: 1 } }),
    );
    const text = await readAll(stream.reader);
    expect(text).toContain(": connected");
    expect(text).not.toContain("secret");
    expect(stream.hub.size).toBe(0);
    await setMemberActive(db(), { actor: acme.alice, userId: acme.bob.userId, active: true });
  });

  it("close when their customer is revoked or signs out everywhere, and not for anyone else's change", async () => {
    const [danas, erins] = await Promise.all(
      [acme.dana.customerId, acme.erin.customerId].map((customerId) =>
        startSession(db(), { workspaceId: acme.workspace.id, person: { customerId }, seconds: 3600 }),
      ),
    );
    const dana = openStream([danas as string], []);
    const erin = openStream([erins as string], []);
    await signOutEverywhere(db(), { customerId: acme.erin.customerId });
    dana.forwardPublished();
    erin.forwardPublished();
    await readAll(erin.reader);
    expect(erin.hub.size).toBe(0);
    expect(dana.hub.size).toBe(1);

    recorded.clear();
    await setCustomerAccess(db(), { actor: acme.alice, customerId: acme.dana.customerId, revoked: true });
    dana.forwardPublished();
    await readAll(dana.reader);
    expect(dana.hub.size).toBe(0);
  });
});
