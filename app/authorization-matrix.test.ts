import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { desc, eq, sql } from "drizzle-orm";
import { getURLFromRedirectError } from "next/dist/client/components/redirect";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { NextRequest } from "next/server";
import { Webhook } from "svix";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import webpush from "web-push";
import type { Connection } from "@/db/client";
import { attachments, customers, emailOutbox, inboundEmails, rateLimits } from "@/db/schema";
import {
  createTestDb,
  createWorkspace,
  recordEvents,
  startTestCustomerConversation,
  type TestWorkspace,
} from "@/db/testing";
import { fsStorage } from "@/lib/attachments/fs-storage";
import { attachmentStorage, setAttachmentStorage } from "@/lib/attachments/storage";
import { completeUpload, createUpload } from "@/lib/attachments/uploads";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { startSession } from "@/lib/auth/sessions";
import { requestSignUp } from "@/lib/auth/sign-up";
import { requestTeamSignInLink } from "@/lib/auth/team-sign-in-links";
import { conversationLink } from "@/lib/chat/conversation-links";
import { getIdentitySecret, identityHash } from "@/lib/chat/identity";
import { requestCustomerSignInLink } from "@/lib/chat/sign-in-links";
import { postMessage } from "@/lib/conversations/post-message";
import type { DomainErrorCode } from "@/lib/domain-error";
import { createItem } from "@/lib/items/create-item";
import { unsubscribeToken } from "@/lib/notifications/unsubscribe-links";
import { savePushSubscription } from "@/lib/push/subscriptions";
import { chatChannel, conversationChannel, customerChannel, userChannel } from "@/lib/realtime/channels";
import type { ActionResult } from "@/lib/server-action";
import { inviteMember } from "@/lib/team/invitations";
import { adminOnly, expected, type Verdict, type Visitor, visitors } from "./authorization-matrix.data";

// Before the endpoints (and lib/env.ts, which reads once) are loaded.
const AUTH_SECRET = "authorization-matrix-secret-of-32-characters";
const CRON_SECRET = "authorization-matrix-cron-secret";
const APP_URL = "http://localhost:3000";
process.env.AUTH_SECRET = AUTH_SECRET;
process.env.CRON_SECRET = CRON_SECRET;
// Replies by email on; the webhook's signature decides (the email driver is the tests' own).
const WEBHOOK_SECRET = `whsec_${Buffer.from("authorization-matrix-webhook").toString("base64")}`;
process.env.INBOUND_EMAIL_DOMAIN = "reply.acme.test";
process.env.RESEND_WEBHOOK_SECRET = WEBHOOK_SECRET;
process.env.RESEND_API_KEY = "re_authorization_matrix";
process.env.EMAIL_FROM = "Acme <help@acme.test>";
// Push on, so a test notification is tried (at an address where nothing answers).
const VAPID = webpush.generateVAPIDKeys();
process.env.VAPID_PUBLIC_KEY = VAPID.publicKey;
process.env.VAPID_PRIVATE_KEY = VAPID.privateKey;
process.env.VAPID_SUBJECT = "mailto:push@acme.test";

/**
 * The visitor of the call under way, and what the app keeps outside the database. The seams are
 * the two session lookups (who is calling), the database handle (this file's own, real database)
 * and the cookie jar, which exists only inside a Next request.
 */
const the = vi.hoisted(() => ({
  connection: undefined as Connection | undefined,
  team: null as TeamActor | null,
  chat: null as CustomerActor | null,
  cookies: new Map<string, string>(),
}));
const connection = () => {
  if (!the.connection) throw new Error("the test database opens in beforeAll");
  return the.connection;
};

vi.mock("@/db", () => ({
  getDb: async () => connection().db,
  getConnection: async () => connection(),
}));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getTeamActor: async () => the.team,
}));
vi.mock("@/lib/chat/session-cookie", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/chat/session-cookie")>()),
  // As the real one: a chat session counts only on its own workspace's pages.
  getChatActor: async (workspaceId?: string) =>
    the.chat && (!workspaceId || workspaceId === the.chat.workspaceId) ? the.chat : null,
  getBrowserChatActor: async () => the.chat,
}));
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  cookies: async () => ({
    get: (name: string) => {
      const value = the.cookies.get(name);
      return value === undefined ? undefined : { name, value };
    },
    set: (name: string, value: string) => void the.cookies.set(name, value),
  }),
  // Per-address limits read the client's address from the request's headers.
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.1" }),
}));
// Emails a request queued are sent after its response (next/server's after(), which needs a request).
vi.mock("@/lib/email/send-soon", () => ({ sendSoon: () => {} }));
// Auth.js does not load outside Next (its ESM imports `next/server` without an extension), so the
// sign-in actions meet a recording stand-in: for them "allow" means the form, with no session,
// reached Auth.js's signIn or signOut. What Auth.js then grants (a password check, an emailed link)
// is its own, and the e2e specs sign in through it. Its route is checked to be Auth.js's handlers.
const authJs = vi.hoisted(() => ({
  auth: vi.fn(async () => null),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: { GET: vi.fn(), POST: vi.fn(async () => new Response("handled by Auth.js")) },
}));
vi.mock("@/lib/auth/auth", () => authJs);
vi.mock("next-auth", () => {
  class AuthError extends Error {}
  return { AuthError, CredentialsSignin: class CredentialsSignin extends AuthError {} };
});

// `revalidatePath` needs Next's request store; what it refreshes is the page cache, not data.
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const auth = await import("@/app/(auth)/actions");
const messenger = await import("@/app/(app)/messenger/actions");
const settings = await import("@/app/(app)/settings/actions");
const customersPage = await import("@/app/(app)/customers/actions");
const items = await import("@/app/(app)/items/actions");
const chat = await import("@/app/chat/[slug]/actions");
const openLink = await import("@/app/chat/[slug]/open/route");
const widgetEntry = await import("@/app/chat/[slug]/widget/route");
const visitorStart = await import("@/app/chat/[slug]/visitor/route");
const authJsRoute = await import("@/app/api/auth/[...nextauth]/route");
const cron = await import("@/app/api/cron/email-fallback/route");
const inbound = await import("@/app/api/inbound/resend/route");
const realtimeAuth = await import("@/app/api/realtime/auth/route");
const realtimeStream = await import("@/app/api/realtime/stream/route");
const userAuth = await import("@/app/api/realtime/user-auth/route");
const download = await import("@/app/api/attachments/[id]/[filename]/route");
const uploadBytes = await import("@/app/api/attachments/uploads/[id]/route");
const unsubscribeRoute = await import("@/app/unsubscribe/[token]/route");
const manifestRoute = await import("@/app/app.webmanifest/route");
const unsubscribe = await import("@/app/unsubscribe/actions");

// Files go to a folder of this run's own.
setAttachmentStorage(fsStorage(mkdtempSync(path.join(tmpdir(), "matrix-attachments-"))));

// ---------------------------------------------------------------------------------------------
// The people: Acme's team and customers, and Globex's admin and customer.

let acme: TestWorkspace;
let globex: TestWorkspace;
const events = recordEvents();

beforeAll(async () => {
  the.connection = await createTestDb();
  acme = await createWorkspace(the.connection, {
    slug: "acme",
    // Xavier is nobody's visitor: the one teammate the calls write to or add.
    team: ["Ada Admin", "Nina Nonparticipant", "Cara CustomerFacing", "Pat Participant", "Xavier Extra"],
    customers: ["Dana Diaz", "Erin Evans"],
    notCustomerFacing: ["Ada Admin", "Nina Nonparticipant", "Pat Participant", "Xavier Extra"],
  });
  globex = await createWorkspace(the.connection, {
    slug: "globex",
    team: ["Gus Globex"],
    customers: ["Olga Other"],
  });
});
afterAll(() => the.connection?.close());

const sessions: Record<Visitor, () => { team?: TeamActor; chat?: CustomerActor }> = {
  signedOut: () => ({}),
  customer: () => ({ chat: acme.customer("Dana Diaz") }),
  otherCustomer: () => ({ chat: acme.customer("Erin Evans") }),
  foreignCustomer: () => ({ chat: globex.customer("Olga Other") }),
  nonParticipant: () => ({ team: acme.member("Nina Nonparticipant") }),
  customerFacing: () => ({ team: acme.member("Cara CustomerFacing") }),
  participant: () => ({ team: acme.member("Pat Participant") }),
  admin: () => ({ team: acme.member("Ada Admin") }),
  otherAdmin: () => ({ team: globex.member("Gus Globex") }),
};

/** The actor as a request builds it from a cookie: with a live session of its own, made for this call. */
async function signedIn<A extends TeamActor | CustomerActor>(actor: A): Promise<A> {
  const sessionId = await startSession(connection().db, {
    workspaceId: actor.workspaceId,
    person: actor.kind === "user" ? { userId: actor.userId } : { customerId: actor.customerId },
    seconds: 3600,
  });
  return { ...actor, sessionId };
}

const dana = () => acme.customer("Dana Diaz").customerId;
const erin = () => acme.customer("Erin Evans").customerId;
const xavier = () => acme.idOf("Xavier Extra");
const pat = () => acme.idOf("Pat Participant");
/** A browser's subscription at an address where nothing answers (the discard port), so pushes fail at once. */
const pushSubscription = (id: string) => ({
  endpoint: `https://127.0.0.1:9/push/${id}`,
  keys: {
    // A public key on P-256, as a browser's is.
    p256dh: "BBFgI2ttkaSv7KRNq0HaINosUN92W7xIVSPBLciet54vS0MO4438G99d7xNMrdhE7KYkkoNOb_gpiFvPOM96mfs",
    auth: Buffer.alloc(16, 1).toString("base64url"),
  },
});
/** A device for each of these members (the same one again on each call); the ids, in order. */
const devicesOf = (names: string[], workspace = acme) =>
  Promise.all(
    names.map(async (name) => {
      const actor = workspace.member(name);
      const device = await savePushSubscription(connection().db, {
        actor,
        subscription: pushSubscription(actor.userId),
        device: "Chrome on Linux",
      });
      return device.id;
    }),
  );
const patsUnsubscribeToken = () =>
  unsubscribeToken({ kind: "user", id: pat(), workspaceId: acme.workspace.id }, AUTH_SECRET);

// ---------------------------------------------------------------------------------------------
// How to call each endpoint: one entry per row of the matrix, with fully valid input, so that a
// call let in does its work. `target` is a fresh customer conversation of Acme between Pat (the
// participant) and Dana (the customer); `given` is what `given()` made before the call.

type Target = { conversationId: string; given: string };
type Call = {
  /** Made before the call, and before the snapshot a refused call must leave as it was. */
  given?: (target: { conversationId: string }) => Promise<string>;
  call: (target: Target) => Promise<unknown>;
};

const AUTH = "app/(auth)/actions.ts";
const MESSENGER = "app/(app)/messenger/actions.ts";
const SETTINGS = "app/(app)/settings/actions.ts";
const CUSTOMERS = "app/(app)/customers/actions.ts";
const ITEMS = "app/(app)/items/actions.ts";
const CHAT = "app/chat/[slug]/actions.ts";
const CRON = "app/api/cron/email-fallback/route.ts";
const INBOUND = "app/api/inbound/resend/route.ts";
const REALTIME_AUTH = "app/api/realtime/auth/route.ts#POST";
const REALTIME_STREAM = "app/api/realtime/stream/route.ts#GET";
const USER_AUTH = "app/api/realtime/user-auth/route.ts#POST";
const DOWNLOAD = "app/api/attachments/[id]/[filename]/route.ts#GET";

const message = () => ({ body: "Hello from the matrix", clientMessageId: randomUUID() });

/** A message just written in the target by Pat, or by Dana: theirs to edit or delete. */
const patsMessage = async ({ conversationId }: { conversationId: string }) =>
  (
    await postMessage(connection().db, {
      actor: acme.member("Pat Participant"),
      conversationId,
      ...message(),
    })
  ).messageId;
const danasMessage = async ({ conversationId }: { conversationId: string }) =>
  (await postMessage(connection().db, { actor: acme.customer("Dana Diaz"), conversationId, ...message() }))
    .messageId;
/** Dana's reply by email: her message, and the email it came in as. */
const danasEmailedMessage = async (target: { conversationId: string }) => {
  const messageId = await danasMessage(target);
  await connection()
    .db.insert(inboundEmails)
    .values({
      providerEmailId: `matrix-${randomUUID()}`,
      outcome: "posted",
      postedMessageId: messageId,
      conversationId: target.conversationId,
      fromAddress: "dana.diaz@customer.test",
      subject: "Re: Hello",
      text: "Hello from the matrix\n\n> quoted",
    });
  return messageId;
};

/** The channels the realtime rows are about, for a target. */
const channels = {
  "the conversation's channel": ({ conversationId }: Target) => conversationChannel(conversationId),
  "the conversation's chat channel": ({ conversationId }: Target) => chatChannel(conversationId, dana()),
  "the participant's own channel": () => userChannel(pat()),
  "Dana's own channel": () => customerChannel(dana()),
};

const calls: Record<string, Call> = {
  [`${AUTH}#signInWithPassword`]: {
    call: () =>
      handedToAuthJs(() =>
        auth.signInWithPassword(null, form({ email: "pat.participant@acme.test", password: "a password" })),
      ),
  },
  [`${AUTH}#emailSignInLink`]: {
    call: () =>
      handedToAuthJs(() => auth.emailSignInLink(null, form({ email: "pat.participant@acme.test" }))),
  },
  [`${AUTH}#createWorkspace`]: {
    call: () =>
      handedToAuthJs(() =>
        auth.createWorkspace(
          null,
          form({
            workspaceName: "Initech",
            name: "Ivy Initech",
            email: `ivy-${randomUUID()}@initech.test`,
            password: "a long enough password",
          }),
        ),
      ),
  },
  [`${AUTH}#signOutAction`]: { call: () => handedToAuthJs(() => auth.signOutAction()) },
  [`${AUTH}#signOutEverywhereAction`]: { call: () => handedToAuthJs(() => auth.signOutEverywhereAction({})) },
  [`${AUTH}#redeemTeamSignInLink`]: {
    given: () => emailedTeamSignInToken("pat.participant@acme.test"),
    call: ({ given: token }) => handedToAuthJs(() => auth.redeemTeamSignInLink(null, form({ token }))),
  },
  [`${AUTH}#confirmSignUp`]: {
    given: () => emailedSignUpToken(`ivy-${randomUUID()}@initech.test`),
    call: ({ given: token }) =>
      handedToAuthJs(() => auth.confirmSignUp(null, form({ token, password: "a long enough password" }))),
  },
  [`${AUTH}#acceptInvitationAction`]: {
    given: () => emailedInvitationToken(`invitee-${randomUUID()}@example.test`),
    call: ({ given: token }) =>
      handedToAuthJs(() =>
        auth.acceptInvitationAction(
          null,
          form({ token, name: "Ivy Invitee", password: "a long enough password" }),
        ),
      ),
  },
  "app/api/auth/[...nextauth]/route.ts#GET": { call: async () => isAuthJs(authJsRoute.GET, "GET") },
  // Our limits run before Auth.js's POST: a password sign-in within them is handed on.
  "app/api/auth/[...nextauth]/route.ts#POST": {
    call: async () => {
      authJs.handlers.POST.mockClear();
      const response = await authJsRoute.POST(
        new NextRequest(`${APP_URL}/api/auth/callback/credentials`, {
          method: "POST",
          body: new URLSearchParams({ email: "pat.participant@acme.test", password: "a password" }),
        }),
      );
      return authJs.handlers.POST.mock.calls.length > 0 ? "allow" : response;
    },
  },

  [`${MESSENGER}#createConversationAction`]: {
    call: () => messenger.createConversationAction({ participantIds: [xavier()], ...message() }),
  },
  [`${MESSENGER}#createCustomerConversationAction`]: {
    call: () =>
      messenger.createCustomerConversationAction({
        customerIds: [dana()],
        newCustomerEmails: [],
        userIds: [],
        ...message(),
      }),
  },
  [`${MESSENGER}#searchPeopleAction`]: {
    call: async () => finds(await messenger.searchPeopleAction({ query: "Dana" }), dana()),
  },
  [`${MESSENGER}#searchTeamMembersAction`]: {
    call: async () => finds(await messenger.searchTeamMembersAction({ query: "Xavier" }), xavier()),
  },
  [`${MESSENGER}#searchMessagesAction`]: {
    call: async ({ conversationId }) => {
      const result = await messenger.searchMessagesAction({ query: "hello there" });
      if (!result.ok) return result;
      return result.data.hits.some((hit) => hit.conversationId === conversationId) ? "allow" : "deny";
    },
  },
  [`${MESSENGER}#searchMentionableAction`]: {
    call: ({ conversationId }) => messenger.searchMentionableAction({ conversationId, query: "" }),
  },
  [`${MESSENGER}#heartbeatAction`]: { call: () => messenger.heartbeatAction({}) },
  [`${MESSENGER}#sendMessageAction`]: {
    call: ({ conversationId }) => messenger.sendMessageAction({ conversationId, ...message() }),
  },
  [`${MESSENGER}#addParticipantsAction`]: {
    call: ({ conversationId }) => messenger.addParticipantsAction({ conversationId, userIds: [xavier()] }),
  },
  [`${MESSENGER}#setConversationStatusAction`]: {
    call: ({ conversationId }) => messenger.setConversationStatusAction({ conversationId, status: "closed" }),
  },
  [`${MESSENGER}#listMessagesSinceAction`]: {
    call: ({ conversationId }) => messenger.listMessagesSinceAction({ conversationId, afterSeq: 0 }),
  },
  [`${MESSENGER}#listMessagesBeforeAction`]: {
    call: ({ conversationId }) => messenger.listMessagesBeforeAction({ conversationId, beforeSeq: 2 }),
  },
  [`${MESSENGER}#typingAction`]: {
    call: ({ conversationId }) => messenger.typingAction({ conversationId, visibility: "public" }),
  },
  [`${MESSENGER}#setMutedAction`]: {
    call: ({ conversationId }) => messenger.setMutedAction({ conversationId, muted: true }),
  },
  [`${MESSENGER}#createUploadAction`]: {
    call: ({ conversationId }) =>
      messenger.createUploadAction({ conversationId, fileName: "notes.pdf", size: PDF.length }),
  },
  [`${MESSENGER}#completeUploadAction`]: {
    given: ({ conversationId }) => uploaded(acme.member("Pat Participant"), conversationId),
    call: ({ given: attachmentId }) => messenger.completeUploadAction({ attachmentId }),
  },
  [`${MESSENGER}#markReadAction`]: {
    call: ({ conversationId }) => messenger.markReadAction({ conversationId, seq: 1 }),
  },

  [`${MESSENGER}#getMessageAction`]: {
    given: patsMessage,
    call: ({ conversationId, given: messageId }) => messenger.getMessageAction({ conversationId, messageId }),
  },
  [`${MESSENGER}#getMessageReceiptAction`]: {
    given: patsMessage,
    call: ({ conversationId, given: messageId }) =>
      messenger.getMessageReceiptAction({ conversationId, messageId }),
  },
  [`${MESSENGER}#editMessageAction`]: {
    given: patsMessage,
    call: ({ given: messageId }) => messenger.editMessageAction({ messageId, body: "Edited by the matrix" }),
  },
  [`${MESSENGER}#deleteMessageAction`]: {
    given: patsMessage,
    call: ({ given: messageId }) => messenger.deleteMessageAction({ messageId }),
  },
  [`${MESSENGER}#getOriginalEmailAction`]: {
    given: danasEmailedMessage,
    call: ({ given: messageId }) => messenger.getOriginalEmailAction({ messageId }),
  },
  [`${MESSENGER}#listMessageEditsAction`]: {
    given: patsMessage,
    call: ({ given: messageId }) => messenger.listMessageEditsAction({ messageId }),
  },

  [`${ITEMS}#createItemAction`]: {
    call: () =>
      items.createItemAction({
        kind: "ticket",
        title: "From the matrix",
        description: "",
        requesterCustomerId: dana(),
        assigneeUserId: null,
      }),
  },
  [`${ITEMS}#createItemFromConversationAction`]: {
    call: ({ conversationId }) =>
      items.createItemFromConversationAction({ conversationId, title: "From the matrix" }),
  },
  [`${ITEMS}#updateItemAction`]: {
    given: patsTicketForDana,
    call: ({ given: itemId }) => items.updateItemAction({ itemId, changes: { status: "resolved" } }),
  },
  [`${ITEMS}#followItemAction`]: {
    given: patsTicketForDana,
    call: ({ given: itemId }) => items.followItemAction({ itemId }),
  },
  [`${ITEMS}#unfollowItemAction`]: {
    given: patsTicketForDana,
    call: ({ given: itemId }) => items.unfollowItemAction({ itemId }),
  },
  [`${ITEMS}#addFollowersAction`]: {
    given: patsTicketForDana,
    call: ({ given: itemId }) =>
      items.addFollowersAction({ itemId, userIds: [xavier()], customerIds: [erin()] }),
  },
  [`${ITEMS}#removeFollowerAction`]: {
    given: patsTicketForDana,
    call: ({ given: itemId }) => items.removeFollowerAction({ itemId, person: { customerId: dana() } }),
  },
  [`${ITEMS}#searchCustomersAction`]: {
    call: async () => finds(await items.searchCustomersAction({ query: "Dana" }), dana()),
  },
  [`${ITEMS}#listAssigneesAction`]: {
    call: async () => finds(await items.listAssigneesAction({}), pat()),
  },

  [`${SETTINGS}#saveNotificationSettings`]: {
    call: () =>
      settings.saveNotificationSettings({ email: "none", push: "none", bubble: false, sound: false }),
  },
  [`${SETTINGS}#savePushSubscriptionAction`]: {
    call: () => settings.savePushSubscriptionAction({ subscription: pushSubscription(randomUUID()) }),
  },
  [`${SETTINGS}#forgetPushEndpointAction`]: {
    call: () => settings.forgetPushEndpointAction({ endpoint: pushSubscription(pat()).endpoint }),
  },
  [`${SETTINGS}#removePushDeviceAction`]: {
    given: async () => (await devicesOf(["Pat Participant"]))[0] as string,
    call: ({ given: id }) => settings.removePushDeviceAction({ id }),
  },
  [`${SETTINGS}#sendTestPushAction`]: {
    // Every member has a device, so whoever is let in gets as far as pushing to theirs.
    given: async () => {
      await devicesOf(["Ada Admin", "Nina Nonparticipant", "Cara CustomerFacing", "Pat Participant"]);
      await devicesOf(["Gus Globex"], globex);
      return "";
    },
    call: () => settings.sendTestPushAction({}),
  },
  [`${SETTINGS}#pauseNotificationsAction`]: {
    call: () => settings.pauseNotificationsAction({ until: new Date(Date.now() + 3_600_000).toISOString() }),
  },
  [`${SETTINGS}#resumeNotificationsAction`]: {
    call: () => settings.resumeNotificationsAction({}),
  },
  [`${SETTINGS}#saveWorkspaceSettings`]: {
    call: () =>
      settings.saveWorkspaceSettings({
        emailDelaySeconds: 120,
        teamEmailEnabled: false,
        customerEmailEnabled: true,
      }),
  },
  [`${SETTINGS}#saveChatFrameSites`]: {
    call: () => settings.saveChatFrameSites({ sites: ["https://shop.example.com"] }),
  },
  [`${SETTINGS}#saveChatGreeting`]: {
    call: () => settings.saveChatGreeting({ chatGreeting: "Hello from the matrix", chatReplyTime: "day" }),
  },
  [`${SETTINGS}#rotateIdentitySecretAction`]: { call: () => settings.rotateIdentitySecretAction({}) },
  // Each takes Xavier's or Erin's access away and gives it back, so the other cells find them as they were.
  [`${SETTINGS}#setMemberActiveAction`]: {
    call: () =>
      bothLetIn(
        () => settings.setMemberActiveAction({ userId: xavier(), active: false }),
        () => settings.setMemberActiveAction({ userId: xavier(), active: true }),
      ),
  },
  // Makes Xavier an admin and a member again.
  [`${SETTINGS}#setMemberRoleAction`]: {
    call: () =>
      bothLetIn(
        () => settings.setMemberRoleAction({ userId: xavier(), role: "admin" }),
        () => settings.setMemberRoleAction({ userId: xavier(), role: "member" }),
      ),
  },
  // Turns Xavier's email off and on again.
  [`${SETTINGS}#setMemberEmailOffAction`]: {
    call: () =>
      bothLetIn(
        () => settings.setMemberEmailOffAction({ userId: xavier(), off: true }),
        () => settings.setMemberEmailOffAction({ userId: xavier(), off: false }),
      ),
  },
  // Makes Xavier customer-facing, and not again (as he was).
  [`${SETTINGS}#setMemberCustomerFacingAction`]: {
    call: () =>
      bothLetIn(
        () => settings.setMemberCustomerFacingAction({ userId: xavier(), customerFacing: true }),
        () => settings.setMemberCustomerFacingAction({ userId: xavier(), customerFacing: false }),
      ),
  },
  [`${SETTINGS}#inviteMemberAction`]: {
    call: () =>
      settings.inviteMemberAction({ email: `invitee-${randomUUID()}@example.test`, role: "member" }),
  },
  [`${SETTINGS}#resendInvitationAction`]: {
    given: acmeInvitation,
    call: ({ given: invitationId }) => settings.resendInvitationAction({ invitationId }),
  },
  [`${SETTINGS}#revokeInvitationAction`]: {
    given: acmeInvitation,
    call: ({ given: invitationId }) => settings.revokeInvitationAction({ invitationId }),
  },

  [`${CUSTOMERS}#listCustomersAction`]: {
    call: async () => {
      const result = await customersPage.listCustomersAction({ query: "Erin" });
      return finds(result.ok ? { ok: true, data: result.data.rows } : result, erin());
    },
  },
  [`${CUSTOMERS}#addCustomerAction`]: {
    call: () =>
      customersPage.addCustomerAction({
        name: "Added by the matrix",
        email: `added-${randomUUID()}@customer.test`,
      }),
  },
  // Erin as she is: the change is let in, and the other cells find her as they expect.
  [`${CUSTOMERS}#updateCustomerAction`]: {
    call: () =>
      customersPage.updateCustomerAction({
        customerId: erin(),
        name: "Erin Evans",
        email: "erin.evans@customer.test",
      }),
  },
  [`${CUSTOMERS}#setCustomerAccessAction`]: {
    call: () =>
      bothLetIn(
        () => customersPage.setCustomerAccessAction({ customerId: erin(), revoked: true }),
        () => customersPage.setCustomerAccessAction({ customerId: erin(), revoked: false }),
      ),
  },
  [`${CUSTOMERS}#setCustomerBlockedAction`]: {
    call: () =>
      bothLetIn(
        () => customersPage.setCustomerBlockedAction({ customerId: erin(), blocked: true }),
        () => customersPage.setCustomerBlockedAction({ customerId: erin(), blocked: false }),
      ),
  },
  // A second address of Erin's, with a conversation of its own, merged into her.
  [`${CUSTOMERS}#mergeCustomersAction`]: {
    given: erinsDuplicate,
    call: ({ given: duplicateId }) =>
      customersPage.mergeCustomersAction({ keepCustomerId: erin(), mergeCustomerId: duplicateId }),
  },

  [`${CHAT}#requestSignInLinkAction`]: {
    call: () => chat.requestSignInLinkAction({ slug: "acme", email: "dana.diaz@customer.test" }),
  },
  [`${CHAT}#redeemSignInLinkAction`]: {
    given: () => emailedSignInToken(`newcomer-${randomUUID()}@customer.test`),
    call: ({ given: token }) => chat.redeemSignInLinkAction({ slug: "acme", token }),
  },
  "app/app.webmanifest/route.ts#GET": { call: async () => manifestRoute.GET() },
  "app/unsubscribe/[token]/route.ts#GET": {
    call: async () => {
      const token = patsUnsubscribeToken();
      const response = await unsubscribeRoute.GET(new Request(`${APP_URL}/unsubscribe/${token}`), {
        params: Promise.resolve({ token }),
      });
      return response.headers.get("location") === `${APP_URL}/unsubscribe/${token}/confirm`
        ? "allow"
        : response;
    },
  },
  "app/unsubscribe/[token]/route.ts#POST": {
    call: () => {
      const token = patsUnsubscribeToken();
      return unsubscribeRoute.POST(
        new Request(`${APP_URL}/unsubscribe/${token}`, {
          method: "POST",
          body: "List-Unsubscribe=One-Click",
        }),
        { params: Promise.resolve({ token }) },
      );
    },
  },
  "app/unsubscribe/actions.ts#setEmailSubscriptionAction": {
    call: () => unsubscribe.setEmailSubscriptionAction({ token: patsUnsubscribeToken(), subscribed: false }),
  },
  [`${CHAT}#signOutOfChatAction`]: { call: () => chat.signOutOfChatAction({ slug: "acme" }) },
  [`${CHAT}#signOutOfChatEverywhereAction`]: { call: () => chat.signOutOfChatEverywhereAction({}) },
  [`${CHAT}#startChatConversationAction`]: { call: () => chat.startChatConversationAction(message()) },
  [`${CHAT}#notifyVisitorByEmailAction`]: {
    call: async () => {
      const answer = await chat.notifyVisitorByEmailAction({ name: "Dana", email: "dana@elsewhere.test" });
      // Past authorization, a customer with a confirmed address is told they have one already.
      return !answer.ok && answer.error === "not_a_visitor" ? "allow" : answer;
    },
  },
  "app/chat/[slug]/visitor/route.ts#POST": {
    call: () =>
      visitorStart.POST(
        new NextRequest(`${APP_URL}/chat/acme/visitor`, {
          method: "POST",
          headers: { origin: APP_URL, "content-type": "application/json" },
          body: JSON.stringify({ body: "Hello from the matrix", clientMessageId: randomUUID() }),
        }),
        { params: Promise.resolve({ slug: "acme" }) },
      ),
  },
  [`${CHAT}#customerHeartbeatAction`]: { call: () => chat.customerHeartbeatAction({}) },
  [`${CHAT}#sendChatMessageAction`]: {
    call: ({ conversationId }) => chat.sendChatMessageAction({ conversationId, ...message() }),
  },
  [`${CHAT}#markChatReadAction`]: {
    call: ({ conversationId }) => chat.markChatReadAction({ conversationId, seq: 1 }),
  },
  [`${CHAT}#listChatMessagesSinceAction`]: {
    call: ({ conversationId }) => chat.listChatMessagesSinceAction({ conversationId, afterSeq: 0 }),
  },
  [`${CHAT}#listChatMessagesBeforeAction`]: {
    call: ({ conversationId }) => chat.listChatMessagesBeforeAction({ conversationId, beforeSeq: 2 }),
  },
  [`${CHAT}#createChatUploadAction`]: {
    call: ({ conversationId }) =>
      chat.createChatUploadAction({ conversationId, fileName: "notes.pdf", size: PDF.length }),
  },
  [`${CHAT}#completeChatUploadAction`]: {
    given: ({ conversationId }) => uploaded(acme.customer("Dana Diaz"), conversationId),
    call: ({ given: attachmentId }) => chat.completeChatUploadAction({ attachmentId }),
  },
  ...Object.fromEntries(
    (["a reply", "an internal note"] as const).map((on): [string, Call] => [
      `${DOWNLOAD} (a file on ${on})`,
      {
        given: ({ conversationId }) => sentFile(conversationId, on === "an internal note"),
        call: async ({ given: id }) => {
          const response = await download.GET(new NextRequest(`${APP_URL}/api/attachments/${id}/notes.pdf`), {
            params: Promise.resolve({ id }),
          });
          // Signed in nowhere: sent to sign in, which lets in nobody by itself.
          return response.status === 307 && response.headers.get("location")?.startsWith(`${APP_URL}/login`)
            ? "deny"
            : response;
        },
      },
    ]),
  ),
  "app/api/attachments/uploads/[id]/route.ts#PUT": {
    given: async ({ conversationId }) => {
      const { uploadUrl } = await newUpload(acme.member("Pat Participant"), conversationId);
      return uploadUrl;
    },
    call: ({ given: uploadUrl }) => {
      const id = /uploads\/([^?]+)/.exec(uploadUrl)?.[1] ?? "";
      return uploadBytes.PUT(new NextRequest(new URL(uploadUrl, APP_URL), { method: "PUT", body: PDF }), {
        params: Promise.resolve({ id }),
      });
    },
  },
  [`${CHAT}#chatTypingAction`]: {
    call: ({ conversationId }) => chat.chatTypingAction({ conversationId }),
  },
  [`${CHAT}#getChatMessageAction`]: {
    given: patsMessage,
    call: ({ conversationId, given: messageId }) => chat.getChatMessageAction({ conversationId, messageId }),
  },
  [`${CHAT}#editChatMessageAction`]: {
    given: danasMessage,
    call: ({ given: messageId }) => chat.editChatMessageAction({ messageId, body: "Edited by the matrix" }),
  },
  [`${CHAT}#deleteChatMessageAction`]: {
    given: danasMessage,
    call: ({ given: messageId }) => chat.deleteChatMessageAction({ messageId }),
  },
  "app/chat/[slug]/open/route.ts#GET": {
    call: async ({ conversationId }) => {
      const link = conversationLink(
        { appUrl: APP_URL, workspaceSlug: "acme", customerId: dana(), conversationId },
        AUTH_SECRET,
      );
      const response = await openLink.GET(new NextRequest(link), {
        params: Promise.resolve({ slug: "acme" }),
      });
      // It always redirects: to the conversation when the link opens it, to a note on the chat page when not.
      const location = response.headers.get("location") ?? "";
      if (location.endsWith(`/chat/acme/c/${conversationId}`)) return "allow";
      if (location.endsWith("/chat/acme?link=other")) return "deny";
      return response;
    },
  },
  // A new user of Acme's site, signed with Acme's secret as it is now: the frame is signed in as them.
  "app/chat/[slug]/widget/route.ts#GET": {
    call: async () => {
      const id = `matrix-${randomUUID()}`;
      const secret = await getIdentitySecret(connection().db, { actor: acme.member("Ada Admin") });
      const query = new URLSearchParams({ user_id: id, user_hash: identityHash(secret, id) });
      const response = await widgetEntry.GET(
        new NextRequest(`${APP_URL}/chat/acme/widget?${query}`, { headers: { "sec-fetch-dest": "iframe" } }),
        { params: Promise.resolve({ slug: "acme" }) },
      );
      const signedIn = Boolean(the.cookies.get("chat_session"));
      return response.headers.get("location") === `${APP_URL}/chat/acme?embed=1` && signedIn
        ? "allow"
        : response;
    },
  },

  ...Object.fromEntries(
    (["team", "customer"] as const).map((as): [string, Call] => [
      `${USER_AUTH} (as the ${as})`,
      {
        call: async () => {
          const response = await userAuth.POST(
            new NextRequest(`${APP_URL}/api/realtime/user-auth?as=${as}`, {
              method: "POST",
              body: new URLSearchParams({ socket_id: "1234.5678" }),
            }),
          );
          // As for channels: let in, it is answered "Pusher is not configured here" after the check.
          return (await errorCodeOf(response)) === "pusher_not_configured" ? "allow" : response;
        },
      },
    ]),
  ),

  [`${CRON}#GET (with the secret)`]: { call: () => cron.GET(cronRequest(`Bearer ${CRON_SECRET}`)) },
  [`${CRON}#POST (with the secret)`]: { call: () => cron.POST(cronRequest(`Bearer ${CRON_SECRET}`)) },
  [`${CRON}#GET (without it)`]: { call: () => cron.GET(cronRequest()) },
  // An event that fetches nothing: past the signature, it is answered 200 and ignored.
  [`${INBOUND}#POST (signed with the webhook's secret)`]: {
    call: () => inbound.POST(webhookRequest(WEBHOOK_SECRET)),
  },
  [`${INBOUND}#POST (signed with another secret)`]: {
    call: () => inbound.POST(webhookRequest(`whsec_${Buffer.from("another-secret").toString("base64")}`)),
  },
  [`${CRON}#POST (without it)`]: { call: () => cron.POST(cronRequest()) },

  ...Object.fromEntries(
    Object.entries(channels).flatMap(([about, channelOf]): [string, Call][] => [
      [
        `${REALTIME_AUTH} (${about})`,
        {
          call: async (target) => {
            const body = new URLSearchParams({ socket_id: "1234.5678", channel_name: channelOf(target) });
            const response = await realtimeAuth.POST(
              new Request(`${APP_URL}/api/realtime/auth`, { method: "POST", body }),
            );
            // This process runs the built-in stream, so a subscription let in is answered, after the
            // check, with "Pusher is not configured here" instead of a signature.
            return (await errorCodeOf(response)) === "pusher_not_configured" ? "allow" : response;
          },
        },
      ],
      [
        `${REALTIME_STREAM} (${about})`,
        {
          call: async (target) => {
            const query = new URLSearchParams({ channel: channelOf(target) });
            const response = await realtimeStream.GET(
              new NextRequest(`${APP_URL}/api/realtime/stream?${query}`),
            );
            if (response.ok) await response.body?.cancel(); // an open stream is one let in; close it
            return response;
          },
        },
      ],
    ]),
  ),
};

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

/** A public sign-in form is let in when it reaches Auth.js (the stand-in records it). */
async function handedToAuthJs(call: () => Promise<unknown>) {
  const answer = await answerOf(call);
  return authJs.signIn.mock.calls.length + authJs.signOut.mock.calls.length > 0 ? "allow" : answer;
}

/** Our route for Auth.js is Auth.js itself; any code of ours in front of it needs a call of its own here. */
function isAuthJs(handler: unknown, method: "GET" | "POST") {
  return handler === authJs.handlers[method]
    ? "allow"
    : `the route runs code of its own before Auth.js's ${method}`;
}

/** A search is let in when it finds the person; one that answers without them found nobody it may see. */
function finds(result: ActionResult<{ id: string }[]>, id: string) {
  if (!result.ok) return result;
  return result.data.some((person) => person.id === id) ? "allow" : "deny";
}

const PDF = Buffer.from("%PDF-1.4\n%%EOF\n");

/** An upload of this person's in the conversation, not yet sent. */
function newUpload(actor: TeamActor | CustomerActor, conversationId: string) {
  return createUpload(connection().db, {
    actor,
    conversationId,
    fileName: "notes.pdf",
    size: PDF.length,
    storage: attachmentStorage(),
    maxBytes: 1024,
    secret: AUTH_SECRET,
  });
}

/** An upload whose bytes are in, waiting to be completed; its id. */
async function uploaded(actor: TeamActor | CustomerActor, conversationId: string) {
  const { attachmentId } = await newUpload(actor, conversationId);
  const storage = attachmentStorage();
  const [row] = await connection().db.select().from(attachments).where(eq(attachments.id, attachmentId));
  await storage.write?.(row?.storageKey ?? "", new Blob([PDF]).stream(), 1024);
  return attachmentId;
}

/** A PDF Pat sent in the conversation, on a reply or on an internal note; its id. */
async function sentFile(conversationId: string, internal: boolean) {
  const pat = acme.member("Pat Participant");
  const attachmentId = await uploaded(pat, conversationId);
  await completeUpload(connection().db, {
    actor: pat,
    attachmentId,
    storage: attachmentStorage(),
    maxBytes: 1024,
  });
  await postMessage(connection().db, {
    actor: pat,
    conversationId,
    body: "",
    clientMessageId: randomUUID(),
    visibility: internal ? "internal" : "public",
    attachmentIds: [attachmentId],
  });
  return attachmentId;
}

/** A ticket for Dana that Pat created and is assigned (so Pat may manage its followers); its id. */
async function patsTicketForDana() {
  const item = await createItem(connection().db, {
    actor: acme.member("Pat Participant"),
    kind: "ticket",
    title: "Pat's ticket",
    requesterCustomerId: dana(),
    assigneeUserId: pat(),
  });
  return item.id;
}

/** A new customer of Acme in a conversation with Pat: the same person as Erin, at another address; its id. */
async function erinsDuplicate() {
  const [duplicate] = await connection()
    .db.insert(customers)
    .values({ workspaceId: acme.workspace.id, name: "Erin at work", email: `erin-${randomUUID()}@work.test` })
    .returning({ id: customers.id });
  if (!duplicate) throw new Error("no customer");
  await startTestCustomerConversation(connection().db, {
    from: acme.member("Pat Participant"),
    customers: [duplicate.id],
  });
  return duplicate.id;
}

/** Two calls that undo each other: the first one's refusal, or the second one's answer. */
async function bothLetIn(first: () => Promise<ActionResult<unknown>>, second: () => Promise<unknown>) {
  const answer = await first();
  return answer.ok ? second() : answer;
}

function webhookRequest(secret: string) {
  const body = JSON.stringify({ type: "email.delivered", data: { email_id: "re_1" } });
  const id = `msg_${randomUUID()}`;
  return new Request(`${APP_URL}/api/inbound/resend`, {
    method: "POST",
    body,
    headers: {
      "svix-id": id,
      "svix-timestamp": String(Math.floor(Date.now() / 1000)),
      "svix-signature": new Webhook(secret).sign(id, new Date(), body),
    },
  });
}

function cronRequest(authorization?: string) {
  return new Request(`${APP_URL}/api/cron/email-fallback`, {
    headers: authorization ? { authorization } : {},
  });
}

async function errorCodeOf(response: Response): Promise<string | undefined> {
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { error?: string } | null;
  return body?.error;
}

/** A customer sign-in link for this address, as emailed (only its hash is stored). */
async function emailedSignInToken(email: string) {
  const db = connection().db;
  await requestCustomerSignInLink(db, {
    workspace: acme.workspace,
    email,
    clientAddress: "matrix",
    appUrl: APP_URL,
  });
  return tokenEmailedTo(email);
}

/** A team sign-in link for this member, as emailed. */
async function emailedTeamSignInToken(email: string) {
  await requestTeamSignInLink(connection().db, { email, clientAddress: "matrix", appUrl: APP_URL });
  return tokenEmailedTo(email);
}

/** An invitation to Acme's team from its admin, for a new address; its id. */
async function acmeInvitation() {
  const { invitation } = await inviteMember(connection().db, {
    actor: acme.member("Ada Admin"),
    email: `invitee-${randomUUID()}@example.test`,
    role: "member",
    appUrl: APP_URL,
  });
  return invitation.id;
}

/** An invitation link to Acme's team, as emailed. */
async function emailedInvitationToken(email: string) {
  await inviteMember(connection().db, {
    actor: acme.member("Ada Admin"),
    email,
    role: "member",
    appUrl: APP_URL,
  });
  return tokenEmailedTo(email);
}

/** A sign-up's confirmation link, as emailed. */
async function emailedSignUpToken(email: string) {
  const input = { workspaceName: "Initech", name: "Ivy Initech", email, password: "a long enough password" };
  await requestSignUp(connection().db, { input, clientAddress: "matrix", appUrl: APP_URL });
  return tokenEmailedTo(email);
}

async function tokenEmailedTo(email: string) {
  const db = connection().db;
  const [sent] = await db
    .select({ text: emailOutbox.text })
    .from(emailOutbox)
    .where(eq(emailOutbox.to, email))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(1);
  const token = /token=([A-Za-z0-9_-]+)/.exec(sent?.text ?? "")?.[1];
  if (!token) throw new Error(`no sign-in link emailed to ${email}`);
  return token;
}

// ---------------------------------------------------------------------------------------------
// Judging an answer.

class Redirected {
  constructor(readonly to: string) {}
}

/** The call's answer; Next's redirect (thrown) becomes a value. */
async function answerOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    return await call();
  } catch (error) {
    if (isRedirectError(error)) return new Redirected(getURLFromRedirectError(error));
    throw error;
  }
}

/** The codes that refuse the visitor: not signed in, not allowed, or not found for what they may not see. */
const REFUSALS = new Set<DomainErrorCode>([
  "unauthenticated",
  "unauthorized",
  "forbidden",
  "not_a_participant",
  "sign_in_required",
  "conversation_not_found",
  "unknown_participant",
  "unknown_customer",
  "member_not_found",
  "customer_not_found",
  "invitation_not_found",
  "item_not_found",
  "device_not_found",
  "message_not_found",
  "not_your_message",
  "attachment_not_found",
]);

/** "allow", "deny", or a description of an answer that is neither (which fails the cell). */
function verdictOf(answer: unknown): Verdict | string {
  if (answer === "allow" || answer === "deny") return answer;
  // An action redirects only once it has done its work; a refusal is a typed result.
  if (answer instanceof Redirected) return "allow";
  if (answer instanceof Response) {
    if (answer.ok) return "allow";
    return [401, 403, 404].includes(answer.status) ? "deny" : `HTTP ${answer.status}`;
  }
  if (isActionResult(answer)) {
    if (answer.ok) return "allow";
    return REFUSALS.has(answer.error) ? "deny" : `${answer.error}: ${answer.message}`;
  }
  return typeof answer === "string" ? answer : `an unexpected answer: ${JSON.stringify(answer)}`;
}

async function describeAnswer(answer: unknown) {
  // An open event stream has been closed by then; the other answers are short JSON.
  if (answer instanceof Response)
    return answer.ok ? `HTTP ${answer.status}` : `HTTP ${answer.status} ${await answer.text()}`;
  if (answer instanceof Redirected) return `a redirect to ${answer.to}`;
  return JSON.stringify(answer);
}

function isActionResult(answer: unknown): answer is ActionResult<unknown> {
  return typeof answer === "object" && answer !== null && "ok" in answer;
}

// ---------------------------------------------------------------------------------------------
// "Nothing changed": every table's rows, the realtime events, and the cookies set.

let tables: string[] = [];
beforeAll(async () => {
  // A refused attempt may count towards a limit (lib/rate-limit.ts): that is the limit's record,
  // not a change the visitor made.
  tables = (
    await rows<{ name: string }>(sql`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'rate_limits'
      order by 1`)
  ).map((row) => row.name);
});

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await connection().db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** A digest of each table's rows, so a difference names the table. */
async function snapshot() {
  const digests = await rows<{ name: string; digest: string }>(
    sql.join(
      tables.map(
        (name) =>
          sql`select ${name} as name, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql.identifier(name)} t`,
      ),
      sql` union all `,
    ),
  );
  return { tables: digests, events: [...events.events], cookies: [...the.cookies] };
}

// ---------------------------------------------------------------------------------------------
// Finding the endpoints in the code.

const ROOT = path.resolve(import.meta.dirname, "..");
const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** A file whose first statement is the directive: every export of it is a server action. */
const USE_SERVER_FILE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use server["']/;
/** The directive inside a function: an action declared inline, which this matrix cannot list. */
const USE_SERVER_INLINE = /^[ \t]+["']use server["']/m;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

const serverFiles = () => ["app", "components", "lib"].flatMap(sourceFiles);

/** `path#export` for every server action and every route handler's method, from the modules themselves. */
async function endpointsInCode(): Promise<string[]> {
  const endpoints: string[] = [];
  for (const file of serverFiles()) {
    const actions = USE_SERVER_FILE.test(readFileSync(path.join(ROOT, file), "utf8"));
    const route = /^app\/(.+\/)?route\.tsx?$/.test(file);
    if (!actions && !route) continue;
    const module: Record<string, unknown> = await import(/* @vite-ignore */ path.join(ROOT, file));
    for (const name of Object.keys(module)) {
      if (actions || HTTP_METHODS.has(name)) endpoints.push(`${file}#${name}`);
    }
  }
  return endpoints.sort();
}

/** A row's endpoint: its key without what the row is about. */
const endpointOf = (key: string) => key.replace(/ \(.*\)$/, "");

// ---------------------------------------------------------------------------------------------

describe("the authorization matrix", () => {
  it("has a row for every endpoint in the code, and none for an endpoint that is gone", async () => {
    const inCode = await endpointsInCode();
    const inMatrix = [...new Set(Object.keys(expected).map(endpointOf))];
    const withoutRow = inCode.filter((endpoint) => !inMatrix.includes(endpoint));
    const gone = inMatrix.filter((endpoint) => !inCode.includes(endpoint));
    expect
      .soft(withoutRow, `say in app/authorization-matrix.data.ts who may call ${withoutRow.join(", ")}`)
      .toEqual([]);
    expect
      .soft(
        gone,
        `app/authorization-matrix.data.ts has rows for endpoints not in the code: ${gone.join(", ")}`,
      )
      .toEqual([]);
    // Both ways of finding them work.
    expect(inCode).toContain("app/(app)/messenger/actions.ts#sendMessageAction");
    expect(inCode).toContain("app/api/cron/email-fallback/route.ts#POST");
  });

  it("lists as the admins' only endpoints that have a row, each refusing every member", () => {
    for (const key of adminOnly)
      expect(
        ACME_MEMBERS.map((visitor) => expected[key]?.[visitor]),
        key,
      ).toEqual(["deny", "deny", "deny"]);
  });

  it("has a call for every row, and none for a row that is gone", () => {
    const rowsWithoutCall = Object.keys(expected).filter((key) => !(key in calls));
    const callsWithoutRow = Object.keys(calls).filter((key) => !(key in expected));
    expect
      .soft(
        rowsWithoutCall,
        `add to \`calls\` in app/authorization-matrix.test.ts how to call ${rowsWithoutCall.join(", ")}`,
      )
      .toEqual([]);
    expect
      .soft(callsWithoutRow, `\`calls\` has entries with no row in the matrix: ${callsWithoutRow.join(", ")}`)
      .toEqual([]);
  });

  it("finds no server action declared inside a function, where it could not list it", () => {
    const inline = serverFiles().filter((file) =>
      USE_SERVER_INLINE.test(readFileSync(path.join(ROOT, file), "utf8")),
    );
    expect(inline, 'move these "use server" functions into an actions file').toEqual([]);
  });
});

/** Acme's team members who are not admins. */
const ACME_MEMBERS: Visitor[] = ["nonParticipant", "customerFacing", "participant"];

describe.each(Object.entries(expected))("%s", (key, row) => {
  beforeEach(async () => {
    // The matrix calls faster than any person; the limits have tests of their own.
    await connection().db.delete(rateLimits);
    the.cookies.clear();
    authJs.signIn.mockClear();
    authJs.signOut.mockClear();
  });

  for (const visitor of Object.keys(visitors) as Visitor[]) {
    const verdict = row[visitor];
    it(`${verdict}: ${visitor} (${visitors[visitor]})`, async () => {
      const recipe = calls[key];
      if (!recipe) throw new Error(`no call for "${key}" in \`calls\` of app/authorization-matrix.test.ts`);
      const { conversationId } = await startTestCustomerConversation(connection().db, {
        from: acme.member("Pat Participant"),
        customers: [dana()],
      });
      const target = { conversationId, given: (await recipe.given?.({ conversationId })) ?? "" };
      const { team, chat: customer } = sessions[visitor]();
      Object.assign(the, {
        team: team ? await signedIn(team) : null,
        chat: customer ? await signedIn(customer) : null,
      });
      events.clear();

      const before = await snapshot();
      const answer = await answerOf(() => recipe.call(target));
      expect(verdictOf(answer), `answered ${await describeAnswer(answer)}`).toBe(verdict);
      if (verdict === "deny") expect(await snapshot(), "a refused call changed nothing").toEqual(before);
      if (adminOnly.includes(key) && ACME_MEMBERS.includes(visitor))
        expect(answer, "a member calling an admin's endpoint").toMatchObject({
          ok: false,
          error: "forbidden",
        });
    });
  }
});
