import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * The fault tests (faults/): they restart databases, cut connections and hold the clock, so they
 * run one file at a time, on Postgres, apart from the other suites (npm run test:fleet).
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["faults/**/*.test.ts"],
      exclude: ["node_modules/**", ".next/**", "e2e/**"],
      fileParallelism: false,
      maxWorkers: 1,
      testTimeout: 300_000,
      hookTimeout: 120_000,
    },
  }),
);
