import { eq, sql } from "drizzle-orm";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import { createItem } from "@/lib/items/create-item";
import { addFollowers, listFollowers } from "@/lib/items/followers";
import type { ItemKind, ItemStatus } from "@/lib/items/item-fields";
import { updateItem } from "@/lib/items/update-item";
import type { RealtimeDriver } from "@/lib/realtime/driver";
import { withRealtimeDriver } from "@/lib/realtime/publish";
import type { Db } from "./client";
import { customers, users, workspaces } from "./schema";

export const DEMO_PASSWORD = "demo-password-1";

type TeamEmail = "alice@acme.test" | "bob@acme.test" | "carol@acme.test";
type CustomerEmail = "dana@customer.test" | "erin@customer.test";

/** One demo ticket or task: who made it, and what happened in its thread, in order. */
export type DemoItem = {
  kind: ItemKind;
  title: string;
  description?: string;
  by: TeamEmail;
  requester?: CustomerEmail;
  assignee?: TeamEmail;
  /** How long before the seed it was created. */
  daysAgo: number;
  thread: (
    | { from: TeamEmail | CustomerEmail; body: string; internal?: true }
    | { follow: TeamEmail[] }
    | { status: ItemStatus; by: TeamEmail }
  )[];
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
    ],
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

export const demo = {
  workspace: { slug: "acme", name: "Acme Support" },
  team: [
    { email: "alice@acme.test", name: "Alice Admin", role: "admin", customerFacing: true },
    { email: "bob@acme.test", name: "Bob Builder", role: "member", customerFacing: true },
    // Not customer-facing: Carol sees only the customer conversations she is added to.
    { email: "carol@acme.test", name: "Carol Chen", role: "member", customerFacing: false },
  ],
  customers: [
    { email: "dana@customer.test", name: "Dana Diaz" },
    { email: "erin@customer.test", name: "Erin Evans" },
  ],
  items: demoItems,
} as const;

/**
 * Idempotent: running it twice leaves one demo workspace, and never changes a password already set.
 * The demo items are added only to a workspace that has none, in the same transaction.
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
      await tx
        .insert(users)
        .values(demo.team.map((member) => ({ ...member, workspaceId: workspace.id, passwordHash })))
        .onConflictDoNothing({ target: users.email });
      await tx
        .insert(customers)
        .values(demo.customers.map((customer) => ({ ...customer, workspaceId: workspace.id })))
        .onConflictDoNothing({ target: [customers.workspaceId, customers.email] });
      if (workspace.lastItemNumber === 0) await seedDemoItems(tx, workspace.id);
    }),
  );
}

export async function seedDemoIfEmpty(db: Db) {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(workspaces);
  if (row?.count === 0) await seedDemo(db);
}

/**
 * The demo items, made through the domain functions as people would make them, at times in the
 * past. Afterwards every follower has read every thread: the demo starts with nothing unread, so
 * nobody is emailed about its history (the sweep drops what was seen).
 */
async function seedDemoItems(tx: Db, workspaceId: string) {
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
        customer.email,
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
    for (const [index, step] of spec.thread.entries()) {
      // Each step a little later than the one before, as a thread grows.
      const now = new Date(createdAt + (index + 1) * 23 * 60_000);
      if ("follow" in step) {
        await addFollowers(tx, {
          // The assignee or an admin may add followers.
          actor: member(spec.assignee ?? "alice@acme.test"),
          itemId: item.id,
          userIds: step.follow.map((email) => member(email).userId),
          now,
        });
      } else if ("status" in step) {
        await updateItem(tx, {
          actor: member(step.by),
          itemId: item.id,
          changes: { status: step.status },
          now,
        });
      } else {
        await postMessage(tx, {
          actor: team.get(step.from) ?? client(step.from),
          conversationId: item.conversationId,
          body: step.body,
          visibility: step.internal ? "internal" : "public",
          now,
        });
      }
    }
    for (const follower of await listFollowers(tx, { conversationId: item.conversationId })) {
      await markRead(tx, {
        viewer: follower.kind === "user" ? member(follower.email) : client(follower.email),
        conversationId: item.conversationId,
        seq: Number.MAX_SAFE_INTEGER,
      });
    }
  }
}

function required<T>(value: T | undefined, email: string): T {
  if (!value) throw new Error(`demo seed: nobody with address ${email} in the demo workspace`);
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
