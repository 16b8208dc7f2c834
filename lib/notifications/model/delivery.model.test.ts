import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { DomainError } from "@/lib/domain-error";
import { type EmailDriver, resendDriver } from "@/lib/email/driver";
import { type FakeEmail, type FakeResend, HANG, startFakeResend } from "@/lib/email/fake-resend";
import { chatChannel, conversationChannel, customerChannel, userChannel } from "@/lib/realtime/channels";
import { setRealtimeDriver } from "@/lib/realtime/publish";
import { recordingDriver } from "@/lib/realtime/recording-driver";
import {
  type CustomerKey,
  DeliveryModel,
  type ExpectedEvent,
  isCustomer,
  type ModelEmail,
  type PersonKey,
  type TeamKey,
} from "./delivery-model";
import { RealSystem } from "./real-system";

/**
 * The model-based test of DELIVERY-RULES (issue 6): random histories of operations, applied to the
 * reference model and to the real system (domain functions on a real database, the fake Resend, a
 * recording realtime driver), with the properties checked after every step. `MODEL_STEPS` sets how
 * many steps in all, `MODEL_SEED` replays a run; `npm run test:model -- --steps 100000` runs long.
 */
const STEPS = Number(process.env.MODEL_STEPS ?? 10_000);
const SEED = Number(process.env.MODEL_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MAX_OPS_PER_RUN = 60;
const DRAIN_ROUNDS = 3;
const RUNS_PER_SEED = 20;

const TEAM: TeamKey[] = ["t0", "t1", "t2"];
const CUSTOMERS: CustomerKey[] = ["c0", "c1", "c2"];

// ---- the operations ----

const member = fc.constantFrom(...TEAM);
const customer = fc.constantFrom(...CUSTOMERS);
const conv = fc.nat(30);
const failure = fc.constantFrom("none", "none", "none", "none", "500", "429", "timeout", "crash");
type Failure = "none" | "500" | "429" | "timeout" | "crash";

const opArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("startInternal"),
      author: member,
      others: fc.uniqueArray(member, { minLength: 1, maxLength: 2 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("startCustomer"),
      author: member,
      customers: fc.uniqueArray(customer, { minLength: 1, maxLength: 2 }),
      teammates: fc.uniqueArray(member, { maxLength: 1 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("customerStarts"), customer }) },
  {
    weight: 8,
    arbitrary: fc.record({ op: fc.constant("send"), author: member, conv, internal: fc.boolean() }),
  },
  { weight: 5, arbitrary: fc.record({ op: fc.constant("customerSend"), customer, conv }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant("read"), person: fc.oneof(member, customer), conv }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("mute"), member, conv, muted: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("teamEmail"), member, on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("customerEmail"), customer, on: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("workspace"),
      delaySeconds: fc.constantFrom(0, 1, 5, 60, 300),
      teamEmail: fc.boolean(),
      customerEmail: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("active"), member, active: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("heartbeat"), customer }) },
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constant("tick"), seconds: fc.constantFrom(1, 5, 20, 59, 61, 300, 1800) }),
  },
  { weight: 5, arbitrary: fc.record({ op: fc.constant("sweep"), concurrent: fc.boolean(), failure }) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

const setupArb = fc.record({ facing: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()) });

// ---- shared state of the file ----

let connection: Connection;
let fake: FakeResend;
let driver: EmailDriver;
const recorder = recordingDriver();
// One clock for the whole file, always moving forward: every run starts after the last one ended.
let clock = new Date("2030-01-01T00:00:00.000Z").getTime();
let stepsRun = 0;

beforeAll(async () => {
  fake = await startFakeResend({ keepHtml: false });
  process.env.RESEND_BASE_URL = fake.url;
  // A short timeout: a provider that never answers costs a fifth of a second, not fifteen.
  driver = resendDriver({ apiKey: "re_model", from: "Model <help@model.test>", timeoutMs: 200 });
  delete process.env.RESEND_BASE_URL;
  connection = await createTestDb();
  setRealtimeDriver(recorder);
}, 60_000);
afterAll(async () => {
  await fake.close();
  await connection.close();
});

// ---- one run: the same operations on the model and the real system, checked after each ----

class Run {
  readonly delivered = new Map<string, FakeEmail>();
  private seenEmails = 0;
  /** Model emails made by a sweep with no failure injected: they must be out by the end of it. */
  private readonly mustBeOut: ModelEmail[] = [];

  constructor(
    readonly model: DeliveryModel,
    readonly real: RealSystem,
  ) {}

  get now() {
    return new Date(this.model.now);
  }

  async apply(op: Op) {
    stepsRun++;
    // A deactivated member cannot sign in, so acts in no way: their operations do not happen.
    const actor = "author" in op ? op.author : "member" in op && op.op !== "active" ? op.member : null;
    if (actor && !this.model.member(actor).active) return;
    if (op.op === "read" && !isCustomer(op.person) && !this.model.member(op.person).active) return;
    recorder.clear();
    const { model, real } = this;
    const nextMessage = model.messages.length;
    const nextConv = model.conversations.length;
    let expected: ExpectedEvent[] = [];
    let refused = false;
    const attempt = async (allowed: boolean, act: () => Promise<void>) => {
      if (allowed) return act();
      refused = true;
      await expect(act(), `${JSON.stringify(op)} must be refused`).rejects.toBeInstanceOf(DomainError);
    };

    switch (op.op) {
      case "startInternal": {
        const result = model.startInternal(op.author, op.others);
        await attempt(result !== null, () =>
          real.startInternal(op.author, op.others, { conv: nextConv, message: nextMessage }, this.now),
        );
        expected = result?.events ?? [];
        break;
      }
      case "startCustomer": {
        const result = model.startCustomer(op.author, op.customers, op.teammates);
        await real.startCustomer(
          op.author,
          op.customers,
          op.teammates,
          { conv: nextConv, message: nextMessage },
          this.now,
        );
        expected = result?.events ?? [];
        break;
      }
      case "customerStarts": {
        const result = model.customerStarts(op.customer);
        await real.customerStarts(op.customer, { conv: nextConv, message: nextMessage }, this.now);
        expected = result?.events ?? [];
        break;
      }
      case "send": {
        const target = this.pick(op.conv);
        const result = target === null ? null : model.send(op.author, target, op.internal);
        await attempt(result !== null, () =>
          real.send(op.author, target ?? op.conv, op.internal, nextMessage, this.now),
        );
        expected = result?.events ?? [];
        break;
      }
      case "customerSend": {
        const target = this.pick(op.conv);
        const result = target === null ? null : model.customerSend(op.customer, target);
        await attempt(result !== null, () =>
          real.customerSend(op.customer, target ?? op.conv, nextMessage, this.now),
        );
        expected = result?.events ?? [];
        break;
      }
      case "read": {
        const target = this.pick(op.conv);
        await attempt(target !== null && model.read(op.person, target), () =>
          real.read(op.person, target ?? op.conv),
        );
        break;
      }
      case "mute": {
        const target = this.pick(op.conv);
        await attempt(target !== null && model.mute(op.member, target, op.muted), () =>
          real.mute(op.member, target ?? op.conv, op.muted),
        );
        break;
      }
      case "teamEmail":
        model.member(op.member).notifyEmail = op.on;
        await real.setTeamEmail(op.member, op.on);
        break;
      case "customerEmail":
        model.customer(op.customer).notifyEmail = op.on;
        await real.setCustomerEmail(op.customer, op.on);
        break;
      case "workspace":
        model.workspace = {
          delaySeconds: op.delaySeconds,
          teamEmail: op.teamEmail,
          customerEmail: op.customerEmail,
        };
        await real.setWorkspace(model.workspace);
        break;
      case "active":
        model.member(op.member).active = op.active;
        await real.setActive(op.member, op.active, this.now);
        break;
      case "heartbeat":
        model.heartbeat(op.customer);
        await real.heartbeat(op.customer, this.now);
        break;
      case "tick":
        model.tick(op.seconds);
        break;
      case "sweep":
        await this.sweep(op.concurrent, op.failure);
        break;
    }
    this.checkEvents(expected, refused);
    this.checkEmails();
  }

  /** A model conversation id from a generated number; null while there is none. */
  private pick(n: number) {
    const count = this.model.conversations.length;
    return count === 0 ? null : n % count;
  }

  async sweep(concurrent: boolean, failure: Failure) {
    const made = this.model.sweep();
    if (failure === "none") this.mustBeOut.push(...made);
    const answers = { "500": [500, 500], "429": [429], timeout: [HANG] }[failure as "500"] ?? [];
    fake.answers.push(...answers);
    const sweepDriver = failure === "crash" ? crashAfterFirstSend(driver) : driver;
    // Sometimes two at once, as two instances would.
    await Promise.all(
      Array.from({ length: concurrent ? 2 : 1 }, () => this.real.sweep(sweepDriver, this.now)),
    );
    // Failures not used up by this sweep must not fall on the next one.
    fake.answers.length = 0;
  }

  /** Once failures stop: time passes past every backoff, and the sweep runs until all is out. */
  async drain() {
    // One retry is all a batch needs once the provider answers; three rounds leave room for a 429's wait.
    for (let round = 0; round < DRAIN_ROUNDS; round++) {
      this.model.tick(20 * 60);
      await this.apply({ op: "sweep", concurrent: false, failure: "none" });
    }
    this.checkEmails(this.model.emails);
  }

  // ---- the properties ----

  /**
   * Realtime: exactly the events the rules say, on exactly those channels. Nobody outside a
   * conversation, no customer for an internal message, and no team ids in a customer's payload.
   */
  private checkEvents(expected: ExpectedEvent[], refused: boolean) {
    const { real } = this;
    const channelOf = (ref: ExpectedEvent["channel"]) => {
      const [kind, id] = ref.split(":") as [string, string];
      if (kind === "user") return userChannel(real.teamActor(id as TeamKey).userId);
      if (kind === "customer") return customerChannel(real.customerActor(id as CustomerKey).customerId);
      const conversationId = real.conversation(Number(id));
      return kind === "chat" ? chatChannel(conversationId) : conversationChannel(conversationId);
    };
    const messages = recorder.events.filter((event) => event.name === "message.new");
    const actual = messages.map((event) => {
      const data = event.data as { messageId: string; muted?: boolean };
      return `${event.channel} ${real.messageOf.get(data.messageId)} ${data.muted === true}`;
    });
    const wanted = expected.map((event) => `${channelOf(event.channel)} ${event.message} ${event.muted}`);
    expect(actual.sort(), refused ? "a refused operation tells nobody anything" : "realtime events").toEqual(
      wanted.sort(),
    );
    for (const event of messages) {
      const data = event.data as { messageId: string; authorId?: string | null };
      const message = this.model.messageById(real.messageOf.get(data.messageId) as number);
      if (event.channel.startsWith("private-user-")) {
        // The author's own tabs hear of it too, marked as theirs, so that no bubble tells them of it.
        const author = isCustomer(message.author)
          ? real.customerActor(message.author).customerId
          : real.teamActor(message.author).userId;
        expect(data.authorId, "the author of a message on a team member's channel").toBe(author);
      }
      if (/^private-(customer|chat)-/.test(event.channel)) {
        expect(Object.keys(event.data).sort(), "a customer's payload").toEqual([
          "authorName",
          "conversationId",
          "messageId",
          "preview",
          "seq",
        ]);
        expect(message.internal, "an internal message on a customer's channel").toBe(false);
      }
    }
    for (const event of recorder.events) {
      if (event.name === "conversation.read")
        expect(event.channel, "a read is told to the reader's own channel only").toMatch(/^private-user-/);
    }
  }

  /**
   * Email: every message emailed is one the rules say must be, to that recipient, never twice,
   * each email within one batch the rules made; and each batch a failure-free sweep made is out
   * by the end of that sweep (after a drain: every batch).
   */
  private checkEmails(mustBeOut: ModelEmail[] = this.mustBeOut) {
    const { model, real } = this;
    const mine = fake.accepted.filter((email) => email.to.some((address) => real.personOf.has(address)));
    for (const email of mine.slice(this.seenEmails)) {
      const recipient = real.personOf.get(email.to[0] as string) as PersonKey;
      const ids = real.messagesIn(email.text);
      expect(ids.length, `an email with no message: ${email.subject}`).toBeGreaterThan(0);
      const batch = model.emails.find(
        (e) => e.recipient === recipient && e.messages.includes(ids[0] as number),
      );
      expect(
        batch,
        `emailed ${recipient} about messages ${ids} the rules never batched for them`,
      ).toBeDefined();
      for (const id of ids) {
        expect(batch?.messages, `message ${id} in an email to ${recipient} outside its batch`).toContain(id);
        const key = `${recipient}:${id}`;
        expect(this.delivered.has(key), `message ${id} emailed twice to ${recipient}`).toBe(false);
        this.delivered.set(key, email);
        const message = model.messageById(id);
        expect(message.author, "emailed about their own message").not.toBe(recipient);
        if (isCustomer(recipient))
          expect(message.internal, "an internal message emailed to a customer").toBe(false);
      }
      const link = isCustomer(recipient)
        ? /\/chat\/[^/]+\/open\?c=([0-9a-f-]+)/
        : /\/messenger\/c\/([0-9a-f-]+)/;
      const conversationId = link.exec(email.text)?.[1] ?? "";
      expect(real.conversationOf.get(conversationId), "the email's link is its conversation").toBe(
        batch?.conv,
      );
    }
    this.seenEmails = mine.length;
    for (const batch of mustBeOut) {
      for (const id of batch.messages) {
        expect(
          this.delivered.has(`${batch.recipient}:${id}`),
          `message ${id} to ${batch.recipient}, batched at ${new Date(batch.at).toISOString()}, not emailed`,
        ).toBe(true);
      }
    }
  }
}

/** A crash right after the provider accepted the first request: the retry must not send it again. */
function crashAfterFirstSend(inner: EmailDriver): EmailDriver {
  let crashed = false;
  return {
    name: inner.name,
    async sendBatch(emails, key) {
      const result = await inner.sendBatch(emails, key);
      if (crashed) return result;
      crashed = true;
      throw new Error("crashed after the provider accepted");
    },
  };
}

/** One random history: a fresh workspace, the operations, then time for every retry to go out. */
async function runHistory(setup: { facing: [boolean, boolean, boolean] }, ops: Op[]) {
  const team = TEAM.map((key, index) => ({
    key,
    admin: index === 0,
    customerFacing: setup.facing[index] as boolean,
    notifyEmail: true,
    active: true,
  }));
  const model = new DeliveryModel({
    now: clock,
    team,
    customers: CUSTOMERS.map((key) => ({ key, notifyEmail: true, lastHeartbeat: null })),
  });
  const run = new Run(model, await RealSystem.create(connection.db, { team, customers: CUSTOMERS }));
  try {
    for (const op of ops) await run.apply(op);
    await run.drain();
  } finally {
    clock = model.now + 60 * 60 * 1000;
  }
}

describe("delivery, against the reference model", () => {
  it(
    `holds over ${STEPS.toLocaleString("en-US")} random steps (seed ${SEED})`,
    async () => {
      console.info(`model test: seed ${SEED}, ${STEPS} steps (replay with MODEL_SEED=${SEED})`);
      const started = Date.now();
      // Runs in groups of 20, each group with the next seed, until enough steps have run.
      for (let seed = SEED; stepsRun < STEPS; seed++) {
        await fc.assert(
          fc.asyncProperty(
            setupArb,
            fc.array(opArb, { minLength: 1, maxLength: MAX_OPS_PER_RUN }),
            runHistory,
          ),
          { seed, numRuns: RUNS_PER_SEED },
        );
      }
      console.info(
        `model test: ${stepsRun} steps in ${((Date.now() - started) / 1000).toFixed(1)} s, no divergence (seed ${SEED})`,
      );
    },
    30 * 60 * 1000,
  );
});
