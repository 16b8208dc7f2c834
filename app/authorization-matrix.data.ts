/**
 * Who may call each endpoint: every exported server action and every route handler's method.
 * app/authorization-matrix.test.ts finds the endpoints in the code and calls each one as each
 * visitor below; an endpoint without a row here, or a row for one that is gone, fails it.
 *
 * A row names the visitors let in; everyone else is refused. "Let in" means the call gets past
 * authorization and does its work (an action answers ok, a route 2xx). "Refused" means
 * `unauthenticated`, `forbidden`, `not_a_participant`, or not-found for what they may not see (a
 * conversation, a person or a customer of another workspace), a 401/403/404 from a route, and
 * nothing changed: no row written, no event published, no cookie set.
 *
 * The target is one customer conversation of workspace Acme, between `participant` and the
 * customer Dana (`customer`), made fresh for every call. Keys are the file's path, `#`, the export,
 * and for an endpoint that takes part in several rows, what the row is about in parentheses.
 */

export const visitors = {
  signedOut: "signed out",
  customer: "Dana, the customer taking part",
  otherCustomer: "Erin, a customer of the workspace not taking part",
  foreignCustomer: "Olga, a customer of another workspace",
  nonParticipant: "a member not taking part",
  customerFacing: "a customer-facing member not taking part",
  participant: "a member taking part",
  // Not customer-facing: the admin role alone opens no conversation (lib/conversations/access.ts).
  admin: "the workspace's admin, not taking part",
  otherAdmin: "the admin of another workspace",
} as const;

export type Visitor = keyof typeof visitors;
export type Verdict = "allow" | "deny";
export type Row = Record<Visitor, Verdict>;

const everyone = Object.keys(visitors) as Visitor[];

/** The row that lets in these visitors and refuses everyone else. */
function allow(...allowed: Visitor[]): Row {
  return Object.fromEntries(everyone.map((v) => [v, allowed.includes(v) ? "allow" : "deny"])) as Row;
}

/** Public: no session needed; what the call needs (a password, a signed token, a secret) is in the call. */
const anyone = allow(...everyone);
const nobody = allow();
/** Any signed-in team member, each in their own workspace: these actions carry no workspace id. */
const anyMember = allow("nonParticipant", "customerFacing", "participant", "admin", "otherAdmin");
/** Any member of Acme: what the call names (a teammate, a customer) is Acme's, out of the other admin's reach. */
const anyMemberOfAcme = allow("nonParticipant", "customerFacing", "participant", "admin");
/** Any customer signed in to a chat, each in their own workspace. */
const anyCustomer = allow("customer", "otherCustomer", "foreignCustomer");
/** Who may see the target: its participants, and customer-facing members, who see every customer conversation. */
const mayReadTarget = allow("participant", "customerFacing");

export const expected: Record<string, Row> = {
  // Sign-in, sign-up and sign-out are for people without a session. Auth.js decides what they grant.
  "app/(auth)/actions.ts#signInWithPassword": anyone,
  "app/(auth)/actions.ts#emailSignInLink": anyone,
  "app/(auth)/actions.ts#createWorkspace": anyone,
  "app/(auth)/actions.ts#signOutAction": anyone,
  // The buttons on the pages an emailed link opens: the link's token is the credential.
  "app/(auth)/actions.ts#redeemTeamSignInLink": anyone,
  "app/(auth)/actions.ts#confirmSignUp": anyone,
  "app/(auth)/actions.ts#acceptInvitationAction": anyone, // the invitation's emailed link
  "app/(auth)/actions.ts#signOutEverywhereAction": anyMember, // one's own sessions

  // Auth.js's own pages and callbacks (sign-in, the emailed link, csrf, session): public by design.
  "app/api/auth/[...nextauth]/route.ts#GET": anyone,
  "app/api/auth/[...nextauth]/route.ts#POST": anyone,

  "app/(app)/messenger/actions.ts#createConversationAction": anyMemberOfAcme, // the other admin may not write to Acme's people
  "app/(app)/messenger/actions.ts#createCustomerConversationAction": anyMemberOfAcme, // nor to Acme's customers
  "app/(app)/messenger/actions.ts#searchPeopleAction": anyMemberOfAcme, // the other admin finds nobody of Acme
  "app/(app)/messenger/actions.ts#searchTeamMembersAction": anyMemberOfAcme, // likewise
  "app/(app)/messenger/actions.ts#searchMessagesAction": mayReadTarget, // finds the target only where it may be read
  "app/(app)/messenger/actions.ts#searchMentionableAction": mayReadTarget, // whom @ may mention there
  "app/(app)/messenger/actions.ts#heartbeatAction": anyMember,
  "app/(app)/messenger/actions.ts#sendMessageAction": mayReadTarget, // a customer-facing member joins by writing
  "app/(app)/messenger/actions.ts#addParticipantsAction": mayReadTarget,
  "app/(app)/messenger/actions.ts#setConversationStatusAction": mayReadTarget,
  "app/(app)/messenger/actions.ts#listMessagesSinceAction": mayReadTarget,
  "app/(app)/messenger/actions.ts#listMessagesBeforeAction": mayReadTarget,
  "app/(app)/messenger/actions.ts#typingAction": mayReadTarget, // called as a reply, which Dana is told of too
  "app/(app)/messenger/actions.ts#setMutedAction": allow("participant"), // mutes one's own place in it; a reader has none
  "app/(app)/messenger/actions.ts#markReadAction": allow("participant"), // moves one's own read position; likewise
  "app/(app)/messenger/actions.ts#getMessageAction": mayReadTarget,
  "app/(app)/messenger/actions.ts#getMessageReceiptAction": mayReadTarget, // never a customer

  // Pat's own message: Pat may change it; Cara, who sees it, may not (issue 15).
  "app/(app)/messenger/actions.ts#editMessageAction": allow("participant"),
  // Admins may delete any team message, in a thread they may see: this admin may not see the target.
  "app/(app)/messenger/actions.ts#deleteMessageAction": allow("participant"),
  // The email Dana's reply came in as: for the team members who may read the thread, never a customer.
  "app/(app)/messenger/actions.ts#getOriginalEmailAction": mayReadTarget,
  // Admins only, and only of a thread they see: nobody here is both (the domain test covers one who is).
  "app/(app)/messenger/actions.ts#listMessageEditsAction": nobody,
  "app/(app)/messenger/actions.ts#createUploadAction": mayReadTarget, // whoever may write in it
  "app/(app)/messenger/actions.ts#completeUploadAction": allow("participant"), // Pat's own upload

  // Items: every member of Acme may see and change Acme's tickets and tasks. The item is a ticket
  // for Dana that Pat (the participant) created and is assigned.
  "app/(app)/items/actions.ts#createItemAction": anyMemberOfAcme, // a ticket for Dana: the other admin finds no Dana
  "app/(app)/items/actions.ts#createItemFromConversationAction": mayReadTarget,
  "app/(app)/items/actions.ts#updateItemAction": anyMemberOfAcme,
  "app/(app)/items/actions.ts#followItemAction": anyMemberOfAcme,
  "app/(app)/items/actions.ts#unfollowItemAction": anyMemberOfAcme, // one's own following
  "app/(app)/items/actions.ts#addFollowersAction": allow("participant", "admin"), // the assignee and admins
  "app/(app)/items/actions.ts#removeFollowerAction": allow("participant", "admin"), // likewise
  "app/(app)/items/actions.ts#searchCustomersAction": anyMemberOfAcme, // the other admin finds no customer of Acme
  "app/(app)/items/actions.ts#listAssigneesAction": anyMemberOfAcme, // the other admin finds no member of Acme

  "app/(app)/settings/actions.ts#saveNotificationSettings": anyMember, // one's own settings
  "app/(app)/settings/actions.ts#pauseNotificationsAction": anyMember,
  "app/(app)/settings/actions.ts#resumeNotificationsAction": anyMember,
  // One's own devices: a device of Pat's is, to anyone else, no device at all.
  "app/(app)/settings/actions.ts#savePushSubscriptionAction": anyMember,
  "app/(app)/settings/actions.ts#forgetPushEndpointAction": anyMember,
  "app/(app)/settings/actions.ts#removePushDeviceAction": allow("participant"),
  "app/(app)/settings/actions.ts#sendTestPushAction": anyMember,
  "app/(app)/settings/actions.ts#saveWorkspaceSettings": allow("admin", "otherAdmin"), // each admin their own workspace's
  "app/(app)/settings/actions.ts#saveChatFrameSites": allow("admin", "otherAdmin"), // likewise
  "app/(app)/settings/actions.ts#saveChatGreeting": allow("admin", "otherAdmin"), // likewise
  "app/(app)/settings/actions.ts#rotateIdentitySecretAction": allow("admin", "otherAdmin"), // likewise
  // Acme's admin only: the other admin finds no member of Acme (issue 12 point 4).
  "app/(app)/settings/actions.ts#setMemberActiveAction": allow("admin"),
  // The team page: Acme's admin only. The other admin finds no member or invitation of Acme, and
  // invites into their own workspace only (the call names none).
  "app/(app)/settings/actions.ts#setMemberRoleAction": allow("admin"),
  "app/(app)/settings/actions.ts#setMemberEmailOffAction": allow("admin"),
  "app/(app)/settings/actions.ts#setMemberCustomerFacingAction": allow("admin"),
  "app/(app)/settings/actions.ts#inviteMemberAction": allow("admin", "otherAdmin"),
  "app/(app)/settings/actions.ts#resendInvitationAction": allow("admin"),
  "app/(app)/settings/actions.ts#revokeInvitationAction": allow("admin"),

  // The customers page: Acme's admin only. The other admin finds no customer of Acme to list,
  // change, revoke or merge, and adds customers to their own workspace only (the call names none).
  "app/(app)/customers/actions.ts#listCustomersAction": allow("admin"),
  "app/(app)/customers/actions.ts#addCustomerAction": allow("admin", "otherAdmin"),
  "app/(app)/customers/actions.ts#updateCustomerAction": allow("admin"),
  "app/(app)/customers/actions.ts#setCustomerAccessAction": allow("admin"),
  "app/(app)/customers/actions.ts#mergeCustomersAction": allow("admin"),
  "app/(app)/customers/actions.ts#setCustomerBlockedAction": allow("admin"),

  // The messenger's web app manifest: public, like its icons; it holds nothing of anyone's.
  "app/app.webmanifest/route.ts#GET": anyone,

  // Public: the emailed link, the signed unsubscribe token, or nothing (signing out) is the credential.
  "app/chat/[slug]/actions.ts#requestSignInLinkAction": anyone, // the same answer for every address
  // The button on the page the link opens, which shows whose session it replaces before the click
  // (issue 12 point 4: never silently).
  "app/chat/[slug]/actions.ts#redeemSignInLinkAction": anyone,
  // A notification email's one-click unsubscribe link (RFC 8058): mail clients POST it with no
  // cookies, and the signed token names the one person whose email it turns off or on.
  "app/unsubscribe/[token]/route.ts#GET": anyone, // shows the page; changes nothing
  "app/unsubscribe/[token]/route.ts#POST": anyone,
  "app/unsubscribe/actions.ts#setEmailSubscriptionAction": anyone,
  "app/chat/[slug]/actions.ts#signOutOfChatAction": anyone,
  "app/chat/[slug]/actions.ts#signOutOfChatEverywhereAction": anyCustomer, // one's own sessions
  "app/chat/[slug]/actions.ts#startChatConversationAction": anyCustomer, // never a team session
  // A visitor's own address to confirm; a customer who has one is past the check, and told so.
  "app/chat/[slug]/actions.ts#notifyVisitorByEmailAction": anyCustomer,
  // Public: someone with no session writes, and becomes a visitor (a customer with a session
  // writes as themselves). Only the app's own pages may send it (the Origin check).
  "app/chat/[slug]/visitor/route.ts#POST": anyone,
  "app/chat/[slug]/actions.ts#customerHeartbeatAction": anyCustomer,
  "app/chat/[slug]/actions.ts#sendChatMessageAction": allow("customer"),
  "app/chat/[slug]/actions.ts#markChatReadAction": allow("customer"),
  "app/chat/[slug]/actions.ts#listChatMessagesSinceAction": allow("customer"),
  "app/chat/[slug]/actions.ts#listChatMessagesBeforeAction": allow("customer"),
  // Erin, not taking part, cannot say she is typing in Dana's conversation (issue 14).
  "app/chat/[slug]/actions.ts#chatTypingAction": allow("customer"),
  "app/chat/[slug]/actions.ts#getChatMessageAction": allow("customer"), // Pat's public reply
  "app/chat/[slug]/actions.ts#editChatMessageAction": allow("customer"), // Dana's own message
  "app/chat/[slug]/actions.ts#deleteChatMessageAction": allow("customer"),
  "app/chat/[slug]/actions.ts#createChatUploadAction": allow("customer"),
  "app/chat/[slug]/actions.ts#completeChatUploadAction": allow("customer"), // Dana's own upload
  // Dana's emailed conversation link opens it for whoever holds it, but never over another
  // customer's session, in Acme or any other workspace (issue 12 point 4).
  "app/chat/[slug]/open/route.ts#GET": allow(
    ...everyone.filter((visitor) => visitor !== "otherCustomer" && visitor !== "foreignCustomer"),
  ),
  // The widget's frame, with a site's signed identity of its user: the signature, made with the
  // workspace's secret, is the credential, whoever's browser carries it (lib/chat/identity.ts).
  "app/chat/[slug]/widget/route.ts#GET": anyone,

  // Files: a reply's for whoever may see the thread, Dana included; a note's for the team's readers
  // only. The bytes of an upload go up with its uploader's session (Pat's) and its token.
  "app/api/attachments/[id]/[filename]/route.ts#GET (a file on a reply)": allow(
    "participant",
    "customerFacing",
    "customer",
  ),
  "app/api/attachments/[id]/[filename]/route.ts#GET (a file on an internal note)": mayReadTarget,
  "app/api/attachments/uploads/[id]/route.ts#PUT": allow("participant"),

  // The scheduler's sweep: the Bearer secret is the credential, whoever's browser sends it.
  "app/api/cron/email-fallback/route.ts#GET (with the secret)": anyone,
  "app/api/cron/email-fallback/route.ts#POST (with the secret)": anyone,
  "app/api/cron/email-fallback/route.ts#GET (without it)": nobody,
  "app/api/cron/email-fallback/route.ts#POST (without it)": nobody,

  // Replies by email: Resend's signature over the body is the credential, whoever sends it; the
  // reply itself is then checked against its reply address (lib/inbound/receive-reply.ts).
  "app/api/inbound/resend/route.ts#POST (signed with the webhook's secret)": anyone,
  "app/api/inbound/resend/route.ts#POST (signed with another secret)": nobody,

  // Realtime: a conversation's channel carries internal notes and typing, so it is the team's alone;
  // its chat channel carries the public messages, for its customers. Each person's own channel is theirs.
  // Both endpoints ask lib/realtime/authorize.ts.
  "app/api/realtime/auth/route.ts#POST (the conversation's channel)": mayReadTarget,
  "app/api/realtime/auth/route.ts#POST (the conversation's chat channel)": allow("customer"),
  "app/api/realtime/auth/route.ts#POST (the participant's own channel)": allow("participant"),
  "app/api/realtime/auth/route.ts#POST (Dana's own channel)": allow("customer"),
  "app/api/realtime/stream/route.ts#GET (the conversation's channel)": mayReadTarget,
  "app/api/realtime/stream/route.ts#GET (the conversation's chat channel)": allow("customer"),
  "app/api/realtime/stream/route.ts#GET (the participant's own channel)": allow("participant"),
  "app/api/realtime/stream/route.ts#GET (Dana's own channel)": allow("customer"),
  // Pusher user authentication: a connection signs in as its own page's session, and no other.
  "app/api/realtime/user-auth/route.ts#POST (as the team)": anyMember,
  "app/api/realtime/user-auth/route.ts#POST (as the customer)": anyCustomer,
};

/**
 * The admins' endpoints. A member of the workspace calling one is answered `forbidden` (HTTP 403),
 * never a vaguer refusal: they are who they say, and not allowed (issue 16, point 7).
 */
export const adminOnly: string[] = [
  "app/(app)/settings/actions.ts#saveWorkspaceSettings",
  "app/(app)/settings/actions.ts#saveChatFrameSites",
  "app/(app)/settings/actions.ts#saveChatGreeting",
  "app/(app)/settings/actions.ts#rotateIdentitySecretAction",
  "app/(app)/settings/actions.ts#setMemberActiveAction",
  "app/(app)/settings/actions.ts#setMemberRoleAction",
  "app/(app)/settings/actions.ts#setMemberEmailOffAction",
  "app/(app)/settings/actions.ts#setMemberCustomerFacingAction",
  "app/(app)/settings/actions.ts#inviteMemberAction",
  "app/(app)/settings/actions.ts#resendInvitationAction",
  "app/(app)/settings/actions.ts#revokeInvitationAction",
  "app/(app)/customers/actions.ts#listCustomersAction",
  "app/(app)/customers/actions.ts#addCustomerAction",
  "app/(app)/customers/actions.ts#updateCustomerAction",
  "app/(app)/customers/actions.ts#setCustomerAccessAction",
  "app/(app)/customers/actions.ts#mergeCustomersAction",
  "app/(app)/customers/actions.ts#setCustomerBlockedAction",
];
