/**
 * The model-based delivery test on its own, as long as you like:
 *   npm run test:model -- --steps 100000 [--seed 12345]
 * On the embedded database unless DATABASE_URL is set. Prints the seed, the steps run and the time.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { steps: { type: "string", default: "10000" }, seed: { type: "string" } },
});
if (!/^\d+$/.test(values.steps) || (values.seed !== undefined && !/^\d+$/.test(values.seed))) {
  console.error("Usage: npm run test:model -- --steps <number> [--seed <number>]");
  process.exit(2);
}
const result = spawnSync("npx", ["vitest", "run", "lib/notifications/model"], {
  stdio: "inherit",
  env: { ...process.env, MODEL_STEPS: values.steps, ...(values.seed && { MODEL_SEED: values.seed }) },
});
process.exit(result.status ?? 1);
