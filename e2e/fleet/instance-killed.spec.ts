import { ACCEPT_THEN_HANG, type FakeResend, startFakeResend } from "@/lib/email/fake-resend";
import { recordFigures } from "../../faults/figures";
import { expect, test, writeToCustomer } from "../fixtures";
import { type AppInstance, databaseUrl, freshDatabase, instanceEnv, startInstance } from "./app-instance";

const DANA = "dana@customer.test";

/**
 * An instance killed (SIGKILL) in the middle of a sweep, at the worst moment: Resend has taken its
 * batch, and the answer never reaches it. The batch stays locked by the dead instance's transaction
 * until Postgres sees its connection gone; then the other instance's sweep claims it and sends the
 * very same request (the batch's id is the idempotency key), which Resend answers without sending
 * again. So Dana gets each email once, and nothing is lost.
 */
let resend: FakeResend;
const instances: AppInstance[] = [];
test.beforeAll(async () => {
  resend = await startFakeResend();
  await freshDatabase("helpdesk_fleet_kill");
});
test.afterAll(async () => {
  await Promise.all(instances.splice(0).map((instance) => instance.stop("SIGKILL")));
  await resend?.close();
});

const requestsForDana = () =>
  resend.requests.filter((request) => request.emails.some((e) => e.to.includes(DANA)));
const deliveredToDana = (text: string) =>
  resend.accepted.filter((email) => email.to.includes(DANA) && email.text.includes(text));

test("an instance killed in the middle of a sweep: the other finishes it, and nothing goes twice", async ({
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const env = (url: string) =>
    instanceEnv({ url, databaseUrl: databaseUrl("helpdesk_fleet_kill"), fakeResendURL: resend.url });
  const doomed = await startInstance(env);
  instances.push(doomed);
  // Resend takes the first batch for Dana, and never answers.
  resend.answersFor.to.add(DANA);
  resend.answersFor.statuses.push(ACCEPT_THEN_HANG);

  const alice = await signIn("alice@acme.test", { baseURL: doomed.url });
  const conversationId = await writeToCustomer(alice, "Dana", `Your refund is on its way ${run}`);
  await expect.poll(requestsForDana).toHaveLength(1);
  expect(deliveredToDana(`Your refund is on its way ${run}`)).toHaveLength(1);

  // The survivor starts while the doomed instance still holds the batch: its sweeps pass it by.
  const survivor = await startInstance(env);
  instances.push(survivor);
  await alice.waitForTimeout(2_000);
  expect(requestsForDana()).toHaveLength(1);

  await doomed.stop("SIGKILL");
  const killedAt = Date.now();
  await expect.poll(requestsForDana, { timeout: 20_000 }).toHaveLength(2);
  const [first, retry] = requestsForDana();
  expect(retry?.idempotencyKey).toBe(first?.idempotencyKey);
  const takenOverInMs = (retry?.receivedAt.getTime() ?? 0) - killedAt;

  // The survivor goes on with new work as well.
  const aliceAgain = await signIn("alice@acme.test", { baseURL: survivor.url });
  await aliceAgain.goto(`/messenger/c/${conversationId}?view=open`);
  await aliceAgain.getByRole("textbox", { name: "Message" }).fill(`It should arrive tomorrow ${run}`);
  await aliceAgain.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect.poll(() => deliveredToDana(`It should arrive tomorrow ${run}`)).toHaveLength(1);

  // Long enough for any sweep to send something twice.
  await aliceAgain.waitForTimeout(3_000);
  expect(deliveredToDana(`Your refund is on its way ${run}`)).toHaveLength(1);
  expect(deliveredToDana(`It should arrive tomorrow ${run}`)).toHaveLength(1);
  recordFigures("instance-killed", { takenOverInMs, requestsToResendForDana: requestsForDana().length });
});
