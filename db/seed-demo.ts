import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { addParticipants } from "@/lib/conversations/add-participants";
import { setConversationStatus } from "@/lib/conversations/conversation-status";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import {
  startConversationAsCustomer,
  startCustomerConversation,
  startInternalConversation,
} from "@/lib/conversations/start-conversation";
import { createItem } from "@/lib/items/create-item";
import { addFollowers, listFollowers } from "@/lib/items/followers";
import type { ItemKind, ItemStatus } from "@/lib/items/item-fields";
import { updateItem } from "@/lib/items/update-item";
import type { RealtimeDriver } from "@/lib/realtime/driver";
import { withRealtimeDriver } from "@/lib/realtime/publish";
import { newMemberSettings } from "@/lib/team/new-member";
import type { Db } from "./client";
import { customers, users, workspaces } from "./schema";

export const DEMO_PASSWORD = "demo-password-1";

type TeamEmail = "alice@acme.test" | "bob@acme.test" | "carol@acme.test";
type CustomerEmail = "dana@customer.test" | "erin@customer.test";

/** What happens in a demo thread, in order: a message, or something a teammate does. */
type DemoStep =
  | { from: TeamEmail | CustomerEmail; body: string; internal?: true }
  /** Items only: the assignee (or an admin) adds followers. */
  | { follow: TeamEmail[] }
  /** Items only. */
  | { status: ItemStatus; by: TeamEmail }
  /** Conversations only: a participant adds teammates. */
  | { add: TeamEmail[]; by: TeamEmail }
  /** Customer conversations only. */
  | { closedBy: TeamEmail };

/**
 * Who has not seen a thread's last step: the one unread thread of that demo user. Everyone else
 * in it has read it all (see seedDemoContent for why none of this is emailed).
 */
type Unread = { unreadFor?: TeamEmail };

/** One demo ticket or task: who made it, and what happened in its thread, in order. */
export type DemoItem = Unread & {
  kind: ItemKind;
  title: string;
  description?: string;
  by: TeamEmail;
  requester?: CustomerEmail;
  assignee?: TeamEmail;
  /** How long before the seed it was created. */
  daysAgo: number;
  thread: DemoStep[];
};

/**
 * One demo conversation, not an item's: a teammate writes to teammates (internal) or to customers
 * and teammates (customer), or a customer starts one from the chat page (`by` a customer).
 */
export type DemoConversation = Unread & {
  kind: "internal" | "customer";
  by: TeamEmail | CustomerEmail;
  with: (TeamEmail | CustomerEmail)[];
  /** How long before the seed it was started. */
  hoursAgo: number;
  thread: DemoStep[];
};

/** A few of each kind and status, so /items, its filters and Followed items have something to show. */
const demoItems: DemoItem[] = [
  {
    kind: "ticket",
    title: "The March invoice shows the wrong total",
    description: "Dana was charged for 12 seats; the account has 10.",
    by: "alice@acme.test",
    requester: "dana@customer.test",
    assignee: "bob@acme.test",
    daysAgo: 3,
    thread: [
      {
        from: "bob@acme.test",
        body: "Thanks Dana, I'm looking into it. Could you tell me the invoice number?",
      },
      { from: "dana@customer.test", body: "It's INV-2031. Thanks for the quick answer!" },
      {
        from: "alice@acme.test",
        body: "Finance removed two seats on the 1st; the invoice ran before that.",
        internal: true,
      },
      { follow: ["carol@acme.test"] },
      { status: "in_progress", by: "bob@acme.test" },
    ],
  },
  {
    kind: "ticket",
    title: "Cannot reset my password",
    by: "bob@acme.test",
    requester: "erin@customer.test",
    assignee: "alice@acme.test",
    daysAgo: 6,
    thread: [
      { from: "alice@acme.test", body: "I've sent you a new reset link, Erin. It works for an hour." },
      { from: "erin@customer.test", body: "That worked, I'm back in. Thank you!" },
      { status: "resolved", by: "alice@acme.test" },
    ],
  },
  {
    kind: "ticket",
    title: "Export conversations to CSV",
    description: "Dana would like a monthly export for her reports.",
    by: "bob@acme.test",
    requester: "dana@customer.test",
    daysAgo: 1,
    thread: [
      { from: "bob@acme.test", body: "Good idea, Dana. I've passed it on to the team." },
      { from: "bob@acme.test", body: "Two other customers asked for this in May.", internal: true },
      // Carol knows the reports best; she has not looked yet.
      { follow: ["carol@acme.test"] },
    ],
    unreadFor: "carol@acme.test",
  },
  {
    kind: "ticket",
    title: "Charged twice in February",
    by: "alice@acme.test",
    requester: "erin@customer.test",
    assignee: "bob@acme.test",
    daysAgo: 12,
    thread: [
      { from: "bob@acme.test", body: "The second charge has been refunded; it takes 3 to 5 days to show." },
      { status: "closed", by: "bob@acme.test" },
    ],
  },
  {
    kind: "task",
    title: "Update the onboarding guide",
    description: "The screenshots predate the new messenger.",
    by: "alice@acme.test",
    assignee: "carol@acme.test",
    daysAgo: 2,
    thread: [{ from: "alice@acme.test", body: "The Views pane moved to the left: new screenshots please." }],
  },
  {
    kind: "task",
    title: "Renew the TLS certificate",
    by: "alice@acme.test",
    assignee: "bob@acme.test",
    daysAgo: 4,
    thread: [
      { status: "in_progress", by: "bob@acme.test" },
      { from: "bob@acme.test", body: "Ordered; waiting for the domain validation email." },
    ],
  },
  {
    kind: "task",
    title: "Plan the Q3 roadmap review",
    by: "alice@acme.test",
    assignee: "alice@acme.test",
    daysAgo: 20,
    thread: [
      { follow: ["bob@acme.test", "carol@acme.test"] },
      { from: "carol@acme.test", body: "Thursday at 10 works for me." },
      { status: "closed", by: "alice@acme.test" },
    ],
  },
];

/** Everyday lines between Alice and Bob, for the long demo thread. */
const dailyChatter = [
  "Morning! Anything urgent in the queue?",
  "Two small tickets. I'll take both.",
  "Deploy went out, everything is green.",
  "Nice. I'm on the billing calls until noon.",
  "Coffee in ten?",
  "Sure, see you in the kitchen.",
  "The status page shows a blip on the EU region.",
  "Looked at it: a slow health check, nothing for customers.",
  "Wrapping up for today. See you tomorrow!",
  "Have a good evening!",
];

/**
 * A few conversations in every messenger view for each demo user (Carol, who is not
 * customer-facing, sees only the customer conversations she takes part in), and one unread each:
 * Alice in Internal Inbox, Bob in Open Conversations (Carol's is a ticket, in Followed items).
 */
const demoConversations: DemoConversation[] = [
  {
    kind: "customer",
    by: "dana@customer.test",
    with: [],
    hoursAgo: 5,
    thread: [
      { from: "dana@customer.test", body: "Hi! Can we have a second admin on our account?" },
      { from: "bob@acme.test", body: "Yes: invite them under Settings → People, then make them an admin." },
      { from: "dana@customer.test", body: "Done, thanks!" },
    ],
  },
  {
    kind: "customer",
    by: "alice@acme.test",
    with: ["erin@customer.test", "carol@acme.test"],
    hoursAgo: 26,
    thread: [
      {
        from: "alice@acme.test",
        body: "Welcome aboard, Erin! Carol runs our onboarding and will help you import your contacts.",
      },
      { from: "carol@acme.test", body: "Hi Erin! Does Tuesday at 2 pm suit you for a 30-minute call?" },
      { from: "erin@customer.test", body: "Tuesday at 2 works. See you then!" },
    ],
  },
  {
    kind: "customer",
    by: "dana@customer.test",
    with: [],
    hoursAgo: 3,
    thread: [
      { from: "dana@customer.test", body: "Is there a guide to importing contacts from a spreadsheet?" },
      { add: ["carol@acme.test"], by: "alice@acme.test" },
      {
        from: "carol@acme.test",
        body: "Hi Dana, there is: Help → Import. Send me your file if anything looks off.",
      },
    ],
  },
  {
    kind: "customer",
    by: "alice@acme.test",
    with: ["erin@customer.test"],
    hoursAgo: 1.2,
    thread: [
      { from: "alice@acme.test", body: "Erin, your sandbox API key is ready under Settings → API." },
      { from: "erin@customer.test", body: "Thanks! Calls to /v2/orders answer 403 with it, though." },
      { from: "alice@acme.test", body: "Bob knows the API scopes best: over to you, Bob.", internal: true },
      { add: ["bob@acme.test"], by: "alice@acme.test" },
    ],
    unreadFor: "bob@acme.test",
  },
  {
    kind: "customer",
    by: "erin@customer.test",
    with: [],
    hoursAgo: 50,
    thread: [
      { from: "erin@customer.test", body: "The mobile app logs me out every morning." },
      { from: "alice@acme.test", body: "That was a bug in 3.2, fixed in 3.2.1. Could you update the app?" },
      { from: "erin@customer.test", body: "Updated, and it remembers me now. Thanks!" },
      { closedBy: "alice@acme.test" },
    ],
  },
  {
    kind: "customer",
    by: "bob@acme.test",
    with: ["dana@customer.test", "carol@acme.test"],
    hoursAgo: 72,
    thread: [
      { from: "bob@acme.test", body: "Dana, the recording of your training session is in your account now." },
      { from: "carol@acme.test", body: "I've put the slides next to it." },
      { from: "dana@customer.test", body: "Got both, thank you!" },
      { closedBy: "bob@acme.test" },
    ],
  },
  {
    kind: "customer",
    by: "carol@acme.test",
    with: ["erin@customer.test"],
    hoursAgo: 22,
    thread: [
      { from: "carol@acme.test", body: "Erin, here are the notes from our onboarding call." },
      { from: "erin@customer.test", body: "Thanks Carol, very helpful." },
      { closedBy: "carol@acme.test" },
    ],
  },
  {
    kind: "internal",
    by: "alice@acme.test",
    with: ["bob@acme.test", "carol@acme.test"],
    hoursAgo: 30,
    thread: [
      { from: "alice@acme.test", body: "Team lunch on Friday at 12:30? My treat, for a great quarter." },
      { from: "bob@acme.test", body: "Count me in!" },
      { from: "carol@acme.test", body: "Me too, thanks Alice!" },
    ],
  },
  {
    kind: "internal",
    by: "carol@acme.test",
    with: ["bob@acme.test"],
    hoursAgo: 8,
    thread: [
      { from: "carol@acme.test", body: "Could you check my new screenshots for the onboarding guide?" },
      {
        from: "bob@acme.test",
        body: "They look good. The Views pane is on the left now, so the third one needs redoing.",
      },
    ],
  },
  {
    kind: "internal",
    by: "alice@acme.test",
    with: ["carol@acme.test"],
    hoursAgo: 20,
    thread: [
      { from: "alice@acme.test", body: "Could you run the onboarding session for Erin's team next week?" },
      { from: "carol@acme.test", body: "Happy to. I'll set it up with her." },
    ],
  },
  {
    kind: "internal",
    by: "carol@acme.test",
    with: ["bob@acme.test"],
    hoursAgo: 0.7,
    thread: [
      { from: "carol@acme.test", body: "A customer's CSV import failed at 12 MB. Do we have a size limit?" },
      { from: "bob@acme.test", body: "10 MB today. Alice decides whether we raise it." },
      { add: ["alice@acme.test"], by: "bob@acme.test" },
    ],
    unreadFor: "alice@acme.test",
  },
  // A week-old thread longer than one page, whose first message search finds by its rare word
  // ("lockbox"): opening the result loads the older page to land on it (e2e/search.spec.ts).
  {
    kind: "internal",
    by: "bob@acme.test",
    with: ["alice@acme.test"],
    hoursAgo: 7 * 24,
    thread: [
      {
        from: "bob@acme.test",
        body: "The spare office keys are in the blue lockbox by reception; the code is on the wiki.",
      },
      ...Array.from({ length: 110 }, (_, n): DemoStep => {
        const line = dailyChatter[n % dailyChatter.length] ?? "";
        return { from: n % 2 ? "alice@acme.test" : "bob@acme.test", body: line };
      }),
    ],
  },
  // Read, but not answered yet: each person's Internal Sent (an answer would move them to the Inbox).
  ...(
    [
      ["alice@acme.test", "bob@acme.test", "Could you review the refund policy draft before Thursday?", 4],
      ["alice@acme.test", "carol@acme.test", "Please add the new pricing page to the onboarding guide.", 9],
      ["bob@acme.test", "alice@acme.test", "The staging database upgrade is booked for Saturday at 8.", 6],
      ["bob@acme.test", "carol@acme.test", "I've shared the API scopes cheat sheet in the team folder.", 12],
      ["carol@acme.test", "alice@acme.test", "Erin's team asked for a second onboarding session in May.", 7],
      ["carol@acme.test", "bob@acme.test", "Could we add a sample CSV to the import guide?", 10],
    ] as const
  ).map(
    ([by, to, body, hoursAgo]): DemoConversation => ({
      kind: "internal",
      by,
      with: [to],
      hoursAgo,
      thread: [{ from: by, body }],
    }),
  ),
];

export const demo = {
  workspace: { slug: "acme", name: "Acme Support" },
  team: [
    { email: "alice@acme.test", name: "Alice Admin", role: "admin", customerFacing: true },
    { email: "bob@acme.test", name: "Bob Builder", role: "member", customerFacing: true },
    // Not customer-facing: Carol sees only the customer conversations she is added to.
    { email: "carol@acme.test", name: "Carol Chen", role: "member", customerFacing: false },
  ],
  customers: [
    // Her id on Acme Widgets' own site: /widget-demo/verified signs her in by it (lib/chat/identity.ts).
    { email: "dana@customer.test", name: "Dana Diaz", externalId: "dana-1001" },
    { email: "erin@customer.test", name: "Erin Evans" },
  ],
  items: demoItems,
  conversations: demoConversations,
} as const;

/**
 * Idempotent: running it twice leaves one demo workspace, and never changes a password already set.
 * The demo's items and conversations are added only to a workspace that has no items, in the same
 * transaction.
 */
export async function seedDemo(db: Db) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await withRealtimeDriver(silentDriver, () =>
    db.transaction(async (tx) => {
      await tx.insert(workspaces).values(demo.workspace).onConflictDoNothing({ target: workspaces.slug });
      // Locked, so that two seeds at once cannot both find it without items.
      const [workspace] = await tx
        .select()
        .from(workspaces)
        .where(eq(workspaces.slug, demo.workspace.slug))
        .for("update");
      if (!workspace) throw new Error("demo workspace missing after insert");
      const joining = await newMemberSettings(tx, workspace.id);
      await tx
        .insert(users)
        .values(
          demo.team.map((member) => ({ ...joining, ...member, workspaceId: workspace.id, passwordHash })),
        )
        .onConflictDoNothing({ target: users.email });
      await tx
        .insert(customers)
        .values(demo.customers.map((customer) => ({ ...customer, workspaceId: workspace.id })))
        .onConflictDoNothing({ target: [customers.workspaceId, customers.email] });
      if (workspace.lastItemNumber === 0) await seedDemoContent(tx, workspace.id);
    }),
  );
}

export async function seedDemoIfEmpty(db: Db) {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(workspaces);
  if (row?.count === 0) await seedDemo(db);
}

/**
 * The demo items and conversations, made through the domain functions as people would make them,
 * at times in the past. Afterwards everyone in each thread has read it, but for one thread per
 * demo user, which a teammate has just added them to.
 *
 * So the demo emails nobody, at start or later. What was read: its pending email deliveries are
 * cancelled by the first sweep, which drops what was seen. The unread threads: their messages
 * were all written before the person was added, so none was ever planned for them, and what is
 * new to them is the line recording the addition, a system line, which moves lists and unread
 * markers but is never emailed (lib/notifications/plan-deliveries.ts).
 */
async function seedDemoContent(tx: Db, workspaceId: string) {
  const team = new Map(
    (await tx.select().from(users).where(eq(users.workspaceId, workspaceId))).map(
      (user): [string, TeamActor] => [
        user.email,
        {
          kind: "user",
          userId: user.id,
          workspaceId,
          name: user.name,
          role: user.role,
          customerFacing: user.customerFacing,
        },
      ],
    ),
  );
  const clients = new Map(
    (await tx.select().from(customers).where(eq(customers.workspaceId, workspaceId))).map(
      (customer): [string, CustomerActor] => [
        required(customer.email ?? undefined, "a seeded customer's address"),
        {
          kind: "customer",
          customerId: customer.id,
          workspaceId,
          name: customer.name,
          email: customer.email,
        },
      ],
    ),
  );
  const member = (email: string) => required(team.get(email), email);
  const client = (email: string) => required(clients.get(email), email);
  const seededAt = Date.now();

  /** Plays a thread's steps, each a little later than the one before, then marks who has read it. */
  const play = async (
    conversationId: string,
    steps: readonly DemoStep[],
    {
      startedAt,
      gapMinutes,
      item,
      unreadFor,
    }: { startedAt: number; gapMinutes: number; item?: DemoItem & { id: string } } & Unread,
  ) => {
    for (const [index, step] of steps.entries()) {
      const now = new Date(startedAt + index * gapMinutes * 60_000);
      if ("follow" in step) {
        await addFollowers(tx, {
          // The assignee or an admin may add followers.
          actor: member(item?.assignee ?? "alice@acme.test"),
          itemId: required(item, "an item").id,
          userIds: step.follow.map((email) => member(email).userId),
          now,
        });
      } else if ("status" in step) {
        await updateItem(tx, {
          actor: member(step.by),
          itemId: required(item, "an item").id,
          changes: { status: step.status },
          now,
        });
      } else if ("add" in step) {
        await addParticipants(tx, {
          actor: member(step.by),
          conversationId,
          userIds: step.add.map((email) => member(email).userId),
          now,
        });
      } else if ("closedBy" in step) {
        await setConversationStatus(tx, { actor: member(step.closedBy), conversationId, status: "closed" });
      } else {
        await postMessage(tx, {
          actor: team.get(step.from) ?? client(step.from),
          conversationId,
          body: step.body,
          visibility: step.internal ? "internal" : "public",
          now,
        });
      }
    }
    for (const person of await listFollowers(tx, { conversationId })) {
      if (person.email === unreadFor) continue;
      await markRead(tx, {
        viewer: person.kind === "user" ? member(person.email) : client(person.email),
        conversationId,
        seq: Number.MAX_SAFE_INTEGER,
      });
    }
  };

  for (const spec of demo.items) {
    const createdAt = seededAt - spec.daysAgo * 86_400_000;
    const item = await createItem(tx, {
      actor: member(spec.by),
      kind: spec.kind,
      title: spec.title,
      description: spec.description,
      requesterCustomerId: spec.requester ? client(spec.requester).customerId : undefined,
      assigneeUserId: spec.assignee ? member(spec.assignee).userId : undefined,
      now: new Date(createdAt),
    });
    await play(item.conversationId, spec.thread, {
      startedAt: createdAt + 23 * 60_000,
      gapMinutes: 23,
      item: { ...spec, id: item.id },
      unreadFor: spec.unreadFor,
    });
  }

  for (const spec of demo.conversations) {
    const startedAt = seededAt - spec.hoursAgo * 3_600_000;
    const [first, ...rest] = spec.thread;
    if (!first || !("body" in first) || first.from !== spec.by)
      throw new Error("demo seed: a conversation starts with a message from whoever starts it");
    const start = { body: first.body, clientMessageId: randomUUID(), now: new Date(startedAt) };
    const customer = clients.get(spec.by);
    const { conversationId } = customer
      ? await startConversationAsCustomer(tx, { ...start, actor: customer })
      : spec.kind === "internal"
        ? await startInternalConversation(tx, {
            ...start,
            actor: member(spec.by),
            participantIds: spec.with.map((email) => member(email).userId),
          })
        : await startCustomerConversation(tx, {
            ...start,
            actor: member(spec.by),
            customerIds: spec.with
              .filter((email) => clients.has(email))
              .map((email) => client(email).customerId),
            userIds: spec.with.filter((email) => team.has(email)).map((email) => member(email).userId),
          });
    await play(conversationId, rest, {
      startedAt: startedAt + 7 * 60_000,
      gapMinutes: 7,
      unreadFor: spec.unreadFor,
    });
  }
}

function required<T>(value: T | undefined, what: string): T {
  if (!value) throw new Error(`demo seed: no ${what} in the demo workspace`);
  return value;
}

/**
 * The seed publishes nothing: the demo's history happened before anyone was watching; and the app
 * seeds while it opens its database, so the built-in driver, which publishes through that
 * database, would wait for the seed that waits for it.
 */
const silentDriver: RealtimeDriver = {
  name: "builtin",
  publish: async () => {},
  endSessions: async () => {},
};
