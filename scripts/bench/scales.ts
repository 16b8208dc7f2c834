/**
 * How big the benchmark's data set is, and how much work each measure does, by BENCH_SCALE.
 * `large` is ten times `default`'s data with the same work, so that the two side by side show
 * how each figure grows with the data alone (BENCHMARKS.md). `small` is the quick one CI runs.
 */
export type Scale = {
  name: "small" | "default" | "large";
  // The data set.
  members: number;
  customers: number;
  /** Every thread, the items' threads included. */
  conversations: number;
  items: number;
  /** About this many: each thread's length is drawn from a skewed distribution with this mean. */
  messages: number;
  /** Internal threads the Inbox's member takes part in (and receives in). */
  inboxThreads: number;
  // The work.
  senders: number;
  sendsPerSender: number;
  realtimeClients: number;
  realtimeMessages: number;
  sweepDeliveries: number;
  drainEmails: number;
};

/** The work at the default and large scales: the same, so that only the data differs between them. */
const FULL_WORK = {
  senders: 32,
  sendsPerSender: 50,
  realtimeClients: 1_000,
  realtimeMessages: 100,
  sweepDeliveries: 20_000,
  drainEmails: 10_000,
};

export const SCALES: Record<Scale["name"], Scale> = {
  small: {
    name: "small",
    members: 50,
    customers: 2_000,
    conversations: 10_000,
    items: 2_000,
    messages: 200_000,
    inboxThreads: 1_000,
    senders: 32,
    sendsPerSender: 20,
    realtimeClients: 200,
    realtimeMessages: 50,
    sweepDeliveries: 2_000,
    drainEmails: 3_000,
  },
  default: {
    name: "default",
    members: 500,
    customers: 20_000,
    conversations: 100_000,
    items: 20_000,
    messages: 2_000_000,
    inboxThreads: 10_000,
    ...FULL_WORK,
  },
  large: {
    name: "large",
    members: 5_000,
    customers: 200_000,
    conversations: 1_000_000,
    items: 200_000,
    messages: 20_000_000,
    inboxThreads: 10_000,
    ...FULL_WORK,
  },
};

export function scaleFromEnv(value = process.env.BENCH_SCALE ?? "default"): Scale {
  if (!(value in SCALES)) throw new Error(`BENCH_SCALE must be small, default or large, not "${value}"`);
  return SCALES[value as Scale["name"]];
}
