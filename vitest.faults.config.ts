import { defineConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * The fault tests (faults/): they restart databases, cut connections and hold the clock, so they
 * run one file at a time, apart from the other suites (npm run test:fleet). Not merged with the
 * base config: mergeConfig would add to its include and exclude lists, not replace them.
 */
export default defineConfig({
  resolve: base.resolve,
  test: {
    ...base.test,
    include: ["faults/**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**"],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
