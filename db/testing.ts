/**
 * The one place for test builders: a fresh database, a workspace with its people, a clock, and
 * the fake Resend with a driver pointed at it. Fakes stand only at the edge of the system (the
 * email provider, the clock); the database is always a real one.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { Pool } from "pg";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import webpush from "web-push";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import {
  startInternalConversation as start,
  startCustomerConversation,
} from "@/lib/conversations/start-conversation";
import { resendDriver } from "@/lib/email/driver";
import { startFakeResend } from "@/lib/email/fake-resend";
import { runEmailSweep } from "@/lib/notifications/email-sweep";
import { startFakePushService } from "@/lib/push/fake-push-service";
import { webPushSender } from "@/lib/push/send-push";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import type { MessageNotice } from "@/lib/realtime/events";
import { setRealtimeDriver } from "@/lib/realtime/publish";
import { recordingDriver } from "@/lib/realtime/recording-driver";
import { type Connection, type Db, openPglite, openPostgres } from "./client";
import { customers, users, workspaces } from "./schema";
import { seedDemo } from "./seed-demo";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
 * on the Postgres server in DATABASE_URL, dropped on close, so files never see each other's rows.
 */
export async function createTestDb(): Promise<Connection & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openPglite();
  const name = `helpdesk_test_${randomUUID().replaceAll("-", "")}`;
  const admin = new Pool({ connectionString: serverUrl, max: 1 });
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = await openPostgres(url.toString(), { max: 8 });
  return {
    db: connection.db,
    url: url.toString(),
    close: async () => {
      await connection.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** What createWorkspace makes: the rows, and each person's actor by name. */
/** A customer seeded with an address (never a visitor). */
export type SeededCustomer = CustomerActor & { email: string };

export type TestWorkspace = Awaited<ReturnType<typeof createWorkspace>>;

/**
 * A workspace with the named team members (the first one is its admin) and customers, and an
 * actor for each of them. Team members are customer-facing unless named in `notCustomerFacing`,
 * which sets both the row and the actor. `member(name)` and `customer(name)` give a person's
 * actor, and throw naming the workspace for a name it does not have.
 */
export type WorkspaceSpec = {
  slug: string;
  team: string[];
  customers?: string[];
  notCustomerFacing?: string[];
};

export async function createWorkspace({ db }: Connection, spec: WorkspaceSpec) {
  const notFacing = new Set(spec.notCustomerFacing ?? []);
  for (const name of notFacing) {
    if (!spec.team.includes(name)) throw new Error(`notCustomerFacing: "${name}" is not in the team`);
  }
  const [workspace] = await db.insert(workspaces).values({ slug: spec.slug, name: spec.slug }).returning();
  if (!workspace) throw new Error("no workspace");
  const team = await db
    .insert(users)
    .values(
      spec.team.map((name, index) => ({
        workspaceId: workspace.id,
        name,
        email: `${name.toLowerCase().replaceAll(" ", ".")}@${spec.slug}.test`,
        role: index === 0 ? ("admin" as const) : ("member" as const),
        customerFacing: !notFacing.has(name),
      })),
    )
    .returning();
  const customerRows = spec.customers?.length
    ? await db
        .insert(customers)
        .values(
          spec.customers.map((name) => ({
            workspaceId: workspace.id,
            name,
            email: `${name.toLowerCase().replaceAll(" ", ".")}@customer.test`,
          })),
        )
        .returning()
    : [];
  const members = new Map(
    team.map((user): [string, TeamActor] => [
      user.name,
      {
        kind: "user",
        userId: user.id,
        workspaceId: workspace.id,
        name: user.name,
        role: user.role,
        customerFacing: user.customerFacing,
      },
    ]),
  );
  const customerActors = new Map(
    customerRows.map((customer): [string, SeededCustomer] => [
      customer.name,
      {
        kind: "customer",
        customerId: customer.id,
        workspaceId: workspace.id,
        name: customer.name,
        // Every customer a test seeds has an address; a visitor is made by the test that needs one.
        email: customer.email ?? "",
      },
    ]),
  );
  const find = <T>(people: Map<string, T>, kind: string, name: string): T => {
    const found = people.get(name);
    if (!found) {
      throw new Error(
        `no ${kind} "${name}" in workspace "${spec.slug}" (it has: ${[...people.keys()].join(", ") || "none"})`,
      );
    }
    return found;
  };
  return {
    workspace,
    team,
    customers: customerRows,
    /** The team member's actor. */
    member: (name: string) => find(members, "team member", name),
    hasMember: (name: string) => members.has(name),
    /** The team member's user id. */
    idOf: (name: string) => find(members, "team member", name).userId,
    /** The customer's actor. */
    customer: (name: string) => find(customerActors, "customer", name),
  };
}

let freshWorkspaces = 0;

/** A new workspace on every call (slug `prefix-N`), for tests whose counts must start from zero. */
export function createFreshWorkspace(connection: Connection, prefix: string, team: string[]) {
  return createWorkspace(connection, { slug: `${prefix}-${++freshWorkspaces}`, team });
}

/** The actor of a team member of whichever of these workspaces has them. */
export function memberOf(workspaces: TestWorkspace[], name: string): TeamActor {
  const workspace = workspaces.find((candidate) => candidate.hasMember(name));
  if (!workspace)
    throw new Error(`no team member "${name}" in any of ${workspaces.map((w) => w.workspace.slug)}`);
  return workspace.member(name);
}

/**
 * `count` internal conversations between two team members, each with one message from `from`,
 * a minute apart, written in three set-based statements (fast enough for 10,000 and more).
 * Every fifth one is read by `to`; the rest are unread.
 */
export async function seedManyConversations(
  db: Db,
  { workspaceId, from, to, count }: { workspaceId: string; from: string; to: string; count: number },
) {
  await db.execute(sql`
    insert into conversations (id, workspace_id, kind, created_by_user_id, last_message_seq, last_message_at)
    select gen_random_uuid(), ${workspaceId}, 'internal', ${from}, 1,
           timestamptz '2026-01-01' + make_interval(mins => n)
    from generate_series(1, ${count}) as n`);
  await db.execute(sql`
    insert into messages (workspace_id, conversation_id, seq, author_kind, author_user_id, body, created_at)
    select workspace_id, id, 1, 'user', ${from}, 'Message ' || id, last_message_at
    from conversations where created_by_user_id = ${from} and workspace_id = ${workspaceId}`);
  await db.execute(sql`
    insert into participants (workspace_id, conversation_id, kind, user_id, last_read_seq, latest_seq, last_message_at, has_sent, has_received)
    select c.workspace_id, c.id, c.kind, p.user_id, case when p.user_id = ${from} or random() < 0.2 then 1 else 0 end, 1,
           c.last_message_at, p.user_id = ${from}, p.user_id <> ${from}
    from conversations c cross join (values (${from}::uuid), (${to}::uuid)) as p(user_id)
    where c.created_by_user_id = ${from} and c.workspace_id = ${workspaceId}`);
}

/** The titles seedManyItems rotates through, so that a search word matches one item in seven. */
const MANY_ITEMS_TITLES = [
  "Printer jam",
  "Invoice mismatch",
  "Login fails",
  "Export too slow",
  "Billing question",
  "Password reset",
  "Broken link",
] as const;

/**
 * `count` tickets and tasks, numbered on from the workspace's last item number, each with its
 * thread (on_item) holding one public message from the creator, a minute apart in number order,
 * all written in one set-based statement (fast enough for 10,000 and more). The message sets the
 * followers' Sent and Inbox flags, as a real one would, so a view that forgot to leave item
 * threads out would list them. Item n:
 * - is a ticket for `requesterCustomerId` (who follows it, and has not read it) when n is a
 *   multiple of 3 and a requester is given, else a task; its title is MANY_ITEMS_TITLES[n % 7]
 *   followed by n;
 * - has status open, in progress, resolved or closed as n % 4 is 0, 1, 2 or 3;
 * - is assigned, when n is a multiple of 5, to one of `followerUserIds` in turn;
 * - is followed by its creator (who has read it), by its assignee, and by every one of
 *   `followerUserIds` unless n % 3 = 1; a team follower other than the creator has read it when
 *   n is a multiple of 4, and has it unread otherwise.
 */
export async function seedManyItems(
  db: Db,
  {
    workspaceId,
    createdByUserId,
    followerUserIds,
    requesterCustomerId,
    count,
  }: {
    workspaceId: string;
    createdByUserId: string;
    followerUserIds: string[];
    requesterCustomerId?: string;
    count: number;
  },
) {
  const uuids = (ids: string[]) =>
    sql`array[${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}]::uuid[]`;
  const followers = uuids(followerUserIds);
  const titles = sql`array[${sql.join(
    MANY_ITEMS_TITLES.map((title) => sql`${title}`),
    sql`, `,
  )}]::text[]`;
  const workspace = sql`${workspaceId}::uuid`;
  const creator = sql`${createdByUserId}::uuid`;
  const requester = requesterCustomerId ? sql`${requesterCustomerId}::uuid` : sql`null::uuid`;
  // One statement: the workspace's counter, the threads, the items, their messages and their
  // followers. Foreign keys are checked at its end, once every row is in.
  await db.execute(sql`
    with counter as (
      update workspaces set last_item_number = last_item_number + ${count}
      where id = ${workspace}
      returning last_item_number - ${count} as start
    ),
    numbered as materialized (
      select n, gen_random_uuid() as conversation_id,
             timestamptz '2026-01-01' + make_interval(mins => n) as at,
             case when ${requester} is not null and n % 3 = 0 then 'ticket' else 'task' end as kind,
             (array['open', 'in_progress', 'resolved', 'closed'])[n % 4 + 1] as status,
             case when n % 5 = 0 and ${followerUserIds.length} > 0
               then (${followers})[(n / 5) % ${Math.max(followerUserIds.length, 1)} + 1] end as assignee
      from counter, generate_series(counter.start + 1, counter.start + ${count}) as n
    ),
    threads as (
      insert into conversations (id, workspace_id, kind, created_by_user_id, last_message_seq, last_message_at, on_item, created_at)
      select conversation_id, ${workspace}, (case kind when 'ticket' then 'customer' else 'internal' end)::conversation_kind,
             ${creator}, 1, at, true, at
      from numbered
    ),
    new_items as (
      insert into items (workspace_id, number, kind, status, title, assignee_user_id, requester_customer_id, created_by_user_id, conversation_id, created_at, updated_at)
      select ${workspace}, n, kind::item_kind, status::item_status, (${titles})[n % 7 + 1] || ' ' || n,
             assignee, case when kind = 'ticket' then ${requester} end, ${creator}, conversation_id, at, at
      from numbered
    ),
    first_messages as (
      insert into messages (workspace_id, conversation_id, seq, author_kind, author_user_id, body, created_at)
      select ${workspace}, conversation_id, 1, 'user', ${creator}, 'First message of #' || n, at
      from numbered
    ),
    team as (
      select numbered.*, ${creator} as user_id from numbered
      union
      select numbered.*, assignee from numbered where assignee is not null
      union
      select numbered.*, follower from numbered cross join unnest(${followers}) as follower where n % 3 <> 1
    )
    insert into participants (workspace_id, conversation_id, kind, on_item, user_id, customer_id, last_read_seq, latest_seq, last_message_at, has_sent, has_received, created_at)
    select ${workspace}, conversation_id, (case kind when 'ticket' then 'customer' else 'internal' end)::conversation_kind, true,
           user_id, null, case when user_id = ${creator} or n % 4 = 0 then 1 else 0 end, 1, at,
           user_id = ${creator}, user_id <> ${creator}, at
    from team
    union all
    select ${workspace}, conversation_id, 'customer', true, null, ${requester}, 0, 1, at, false, true, at
    from numbered where kind = 'ticket'`);
}

/** An internal conversation from one team member to others, with a first message. */
export function startTestConversation(
  db: Db,
  { from, to, body = "Hello there" }: { from: TeamActor; to: string[]; body?: string },
) {
  return start(db, {
    actor: from,
    participantIds: to,
    body,
    clientMessageId: randomUUID(),
  });
}

/**
 * A fixed test time and the times after it, for domain functions that take `now`. The tests
 * name each moment by its distance from the start, so a test reads as a timeline:
 * `const { afterSeconds: at } = testClock()`, then `sweep({ now: at(60) })`.
 */
export function testClock(start: Date | string = "2026-11-24T10:00:00.000Z") {
  const t0 = new Date(start).getTime();
  return {
    start: new Date(t0),
    afterSeconds: (n: number) => new Date(t0 + n * 1000),
    afterMinutes: (n: number) => new Date(t0 + n * 60_000),
    afterDays: (n: number) => new Date(t0 + n * 86_400_000),
  };
}

/**
 * The local push service (lib/push/fake-push-service.ts) with the app's sender to it, signing with
 * VAPID keys of its own (which the service checks), trusting the service's certificate.
 */
export async function startFakePushServiceWithSender() {
  const vapid = { ...webpush.generateVAPIDKeys(), subject: "mailto:push@acme.test" };
  const service = await startFakePushService({ vapidPublicKey: vapid.publicKey });
  return Object.assign(service, { sender: webPushSender(vapid, { agent: service.agent }) });
}
export type FakePushServiceWithSender = Awaited<ReturnType<typeof startFakePushServiceWithSender>>;

/**
 * The fake Resend (lib/email/fake-resend.ts) with a Resend driver sending to it, the address
 * passed by argument rather than through RESEND_BASE_URL. `driverWith` makes another driver for
 * the same fake, say with a shorter timeout.
 */
export async function startFakeResendWithDriver({ from = "Acme <help@acme.test>" }: { from?: string } = {}) {
  const fake = await startFakeResend();
  const driverWith = ({ timeoutMs }: { timeoutMs?: number } = {}) =>
    resendDriver({ apiKey: "re_test_key", from, baseUrl: fake.url, timeoutMs });
  return Object.assign(fake, { driver: driverWith(), driverWith });
}

/** A customer conversation started by a team member, with customers and teammates, and a first message. */
export function startTestCustomerConversation(
  db: Db,
  {
    from,
    customers: customerIds,
    team: userIds = [],
    body = "Hello there",
  }: { from: TeamActor; customers: string[]; team?: string[]; body?: string },
) {
  return startCustomerConversation(db, {
    actor: from,
    customerIds,
    userIds,
    body,
    clientMessageId: randomUUID(),
  });
}

/**
 * The customer-side tests' two workspaces. Acme: Alice (admin), Bob and Carol, who is not
 * customer-facing, so she sees only the customer conversations she takes part in; customers
 * Dana and Erin. Globex: Gus, and Olga, the customer of another workspace (`outsider`).
 * `withDana` is Alice starting a customer conversation with Dana and, unless told otherwise, Bob.
 */
export async function createCustomerWorkspaces(connection: Connection) {
  const acme = await createWorkspace(connection, {
    slug: "acme",
    team: ["Alice Admin", "Bob Builder", "Carol Chen"],
    customers: ["Dana Diaz", "Erin Evans"],
    notCustomerFacing: ["Carol Chen"],
  });
  const globex = await createWorkspace(connection, {
    slug: "globex",
    team: ["Gus Globex"],
    customers: ["Olga Other"],
  });
  const [alice, bob, dana] = [
    acme.member("Alice Admin"),
    acme.member("Bob Builder"),
    acme.customer("Dana Diaz"),
  ];
  return {
    workspace: acme.workspace,
    alice,
    bob,
    carol: acme.member("Carol Chen"),
    dana,
    erin: acme.customer("Erin Evans"),
    outsider: globex.customer("Olga Other"),
    globexAdmin: globex.member("Gus Globex"),
    withDana: (body = "Hello Dana", userIds: string[] = [bob.userId]) =>
      startTestCustomerConversation(connection.db, {
        from: alice,
        customers: [dana.customerId],
        team: userIds,
        body,
      }),
  };
}

export type CustomerWorkspaces = Awaited<ReturnType<typeof createCustomerWorkspaces>>;

const byChannel = (a: { channel: string }, b: { channel: string }) => a.channel.localeCompare(b.channel);

/**
 * Who was told what about which message: the conversation's channel first, then the user
 * channels in channel order (the order among people is not part of the contract).
 */
export const noticeSummary = (events: { channel: string; name: string; data: unknown }[]) => {
  const rows = events.map((event) => {
    const data = event.data as Partial<MessageNotice>;
    return {
      channel: event.channel,
      name: event.name,
      messageId: data.messageId,
      unreadCount: data.unreadCount,
    };
  });
  const [first, ...rest] = rows;
  return first ? [first, ...rest.sort(byChannel)] : [];
};

/** The summary of Alice's message to Bob: the conversation, then Alice (read) and Bob (1 unread). */
export const aliceToBobNotices = (
  idOf: (name: string) => string,
  conversationId: string,
  messageId: string,
) => [
  { channel: conversationChannel(conversationId), name: "message.new", messageId, unreadCount: undefined },
  ...[
    { channel: userChannel(idOf("Alice Admin")), name: "message.new", messageId, unreadCount: 0 },
    { channel: userChannel(idOf("Bob Builder")), name: "message.new", messageId, unreadCount: 1 },
  ].sort(byChannel),
];

export type FakeResendWithDriver = Awaited<ReturnType<typeof startFakeResendWithDriver>>;

/**
 * For a test file on the customer side: a fresh database, opened before the file's tests and
 * closed after them, holding createCustomerWorkspaces' people. `db()` may be taken at once; the
 * people are there once the file's beforeAll has run, so read them inside tests.
 */
export function openCustomerWorkspaces() {
  let connection: Connection | undefined;
  const world = {
    db: () => {
      if (!connection) throw new Error("the test database opens in beforeAll");
      return connection.db;
    },
  } as CustomerWorkspaces & { db: () => Db };
  beforeAll(async () => {
    connection = await createTestDb();
    Object.assign(world, await createCustomerWorkspaces(connection));
  });
  afterAll(() => connection?.close());
  return world;
}

/**
 * For a test file on the email sweep: a fresh database with Alice and Bob of Acme, the fake
 * Resend with a driver sending to it, and `sweep(seconds)` at that many seconds after the clock's
 * start. Before each test, all that is pending is swept far in the future and the fake forgets,
 * so each test starts at the clock's start with nothing pending. `toBob` is Alice writing to Bob
 * at that start, or at `now`. Read the people and the fake inside tests, once beforeAll has run.
 */
export function openEmailSweep() {
  const clock = testClock();
  let connection: (Connection & { url?: string }) | undefined;
  let fake: FakeResendWithDriver | undefined;
  let people: { alice: TeamActor; bob: TeamActor } | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the email sweep's fixture is set up in beforeAll");
    return value;
  };
  const sweepAt = (now: Date) =>
    runEmailSweep(ready(connection).db, { driver: ready(fake).driver, now, appUrl: "http://app.test" });
  beforeAll(async () => {
    fake = await startFakeResendWithDriver({ from: "Acme <help@acme.test>" });
    connection = await createTestDb();
    const acme = await createWorkspace(connection, { slug: "acme", team: ["Alice Admin", "Bob Builder"] });
    people = { alice: acme.member("Alice Admin"), bob: acme.member("Bob Builder") };
  });
  afterAll(async () => {
    await fake?.close();
    await connection?.close();
  });
  beforeEach(async () => {
    await sweepAt(clock.afterSeconds(100_000));
    ready(fake).reset();
  });
  return {
    clock,
    db: () => ready(connection).db,
    url: () => connection?.url,
    get fake() {
      return ready(fake);
    },
    get driver() {
      return ready(fake).driver;
    },
    get alice() {
      return ready(people).alice;
    },
    get bob() {
      return ready(people).bob;
    },
    sweep: (seconds: number) => sweepAt(clock.afterSeconds(seconds)),
    toBob: (body: string, now = clock.start) =>
      start(ready(connection).db, {
        actor: ready(people).alice,
        participantIds: [ready(people).bob.userId],
        body,
        clientMessageId: randomUUID(),
        now,
      }),
  };
}

/** What openTestWorkspaces gives a test file. */
export type TestWorkspaces = {
  db: () => Db;
  /** A team member of any of the file's workspaces. */
  member: (name: string) => TeamActor;
  workspace: (slug: string) => TestWorkspace;
};

/**
 * For a test file: a fresh database with these workspaces, opened before the file's tests and
 * closed after them. The workspaces are there once the file's beforeAll has run: read them inside
 * tests, or keep a file's people in variables from `then`, which runs once they exist.
 */
export function openTestWorkspaces(
  specs: WorkspaceSpec[],
  then?: (made: TestWorkspaces) => void | Promise<void>,
): TestWorkspaces {
  let connection: Connection | undefined;
  const made: TestWorkspace[] = [];
  const fixture: TestWorkspaces = {
    db: () => {
      if (!connection) throw new Error("the test database opens in beforeAll");
      return connection.db;
    },
    member: (name) => memberOf(made, name),
    workspace: (slug) => {
      const found = made.find((candidate) => candidate.workspace.slug === slug);
      if (!found) throw new Error(`no workspace "${slug}" (yet: they are made in beforeAll)`);
      return found;
    },
  };
  beforeAll(async () => {
    connection = await createTestDb();
    for (const spec of specs) made.push(await createWorkspace(connection, spec));
    await then?.(fixture);
  });
  afterAll(() => connection?.close());
  return fixture;
}

/** A fresh recording realtime driver before each test: `events` are that test's, `clear()` forgets them. */
export function recordEvents() {
  let recorder = recordingDriver();
  beforeEach(() => {
    recorder = recordingDriver();
    setRealtimeDriver(recorder);
  });
  return {
    get events() {
      return recorder.events;
    },
    clear: () => recorder.clear(),
  };
}

/** Expects the promise to be refused exactly as for a conversation that does not exist. */
export const rejectsNotFound = (promise: Promise<unknown>) =>
  expect(promise).rejects.toMatchObject({ code: "conversation_not_found" });

/**
 * For a test file about signing in: a fresh database holding the demo workspace (Alice, Bob and
 * Carol of Acme, password DEMO_PASSWORD), opened before the file's tests and closed after them.
 */
export function openDemoDb() {
  let connection: Connection | undefined;
  beforeAll(async () => {
    connection = await createTestDb();
    await seedDemo(connection.db);
  });
  afterAll(() => connection?.close());
  return () => {
    if (!connection) throw new Error("the test database opens in beforeAll");
    return connection.db;
  };
}
