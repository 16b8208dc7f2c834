import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Outside Next's server bundle the marker package would throw; the tests are server code.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    setupFiles: ["./vitest.setup.ts"],
    // The fault tests run on their own (vitest.faults.config.ts).
    exclude: ["node_modules/**", ".next/**", "e2e/**", "faults/**"],
    // Every core, not Vitest's default of one less: the files spend their time in the database
    // (PGlite's WebAssembly, or Postgres), not in Vitest, so on 2 cores two files at once take
    // about half the time of one after the other.
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
