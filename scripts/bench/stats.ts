import { readdirSync, readFileSync } from "node:fs";

/** The p-th quantile of samples (0..1), nearest rank. */
export function percentile(samples: number[], p: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? Number.NaN;
}

export const median = (samples: number[]) => percentile(samples, 0.5);

/** Times `run` once, in milliseconds. */
export async function timed(run: () => Promise<unknown>) {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** Runs `workers` loops at once, each calling `run(worker, i)` `times` times in turn; the latency of every call. */
export async function concurrently(
  workers: number,
  times: number,
  run: (worker: number, i: number) => Promise<unknown>,
) {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; i < times; i++) latencies.push(await timed(() => run(worker, i)));
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/** The peak resident memory (VmHWM) of a process and every process under it, in MB (Linux: /proc). */
export function peakRssMb(pid: number) {
  const read = (file: string) => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return ""; // ended since it was listed
    }
  };
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    const stat = read(`/proc/${entry}/stat`);
    // After the command's name in parentheses: the state, then the parent's id.
    parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++)
    for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child);
  const kb = tree.reduce(
    (sum, id) => sum + Number(/VmHWM:\s+(\d+)/.exec(read(`/proc/${id}/status`))?.[1] ?? 0),
    0,
  );
  return kb / 1024;
}
