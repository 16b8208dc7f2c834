/**
 * The fake Resend as its own process, for the Playwright suite and the email benchmark:
 *   tsx scripts/fake-resend.ts --port 3199 [--no-html]
 * Prints its address on the first line of output.
 */
import { parseArgs } from "node:util";
import { startFakeResend } from "@/lib/email/fake-resend";

const { values } = parseArgs({
  options: { port: { type: "string", default: "0" }, "no-html": { type: "boolean", default: false } },
});
const fake = await startFakeResend({ port: Number(values.port), keepHtml: !values["no-html"] });
console.log(fake.url);
const stop = () => fake.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
