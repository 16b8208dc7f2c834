/**
 * The fake Resend as its own process, for the Playwright suite and the email benchmark:
 *   tsx scripts/fake-resend.ts --port 3199 [--no-html] [--requests-per-second 10]
 * Prints its address on the first line of output.
 */
import { parseArgs } from "node:util";
import { startFakeResend } from "@/lib/email/fake-resend";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "no-html": { type: "boolean", default: false },
    "requests-per-second": { type: "string" },
  },
});
const fake = await startFakeResend({
  port: Number(values.port),
  keepHtml: !values["no-html"],
  requestsPerSecond: values["requests-per-second"] ? Number(values["requests-per-second"]) : undefined,
});
console.log(fake.url);
const stop = () => fake.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
