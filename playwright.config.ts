import { defineConfig, devices } from "@playwright/test";
import { launchOptions } from "./e2e/launch-options";

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;
/**
 * The same build on the embedded default (outbox only, dev mailbox on, default limits), for the
 * dev mailbox tests and the one that hits the messages limit.
 */
const embeddedURL = `http://127.0.0.1:${port + 1}`;
/**
 * A local stand-in for Resend's API; the main app sends its email there (lib/email/fake-resend.ts).
 * The fleet's config (playwright.fleet.config.ts) starts its own and names it in E2E_FAKE_RESEND_URL.
 */
export const fakeResendURL = process.env.E2E_FAKE_RESEND_URL ?? `http://127.0.0.1:${port + 99}`;
/** Replies by email come to this domain, through Resend's webhook signed with this secret (e2e/reply-by-email.spec.ts). */
export const inboundEmailDomain = "reply.acme.test";
export const resendWebhookSecret = `whsec_${Buffer.from("e2e-resend-webhook-secret").toString("base64")}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      // The fleet's specs (e2e/fleet/) need several instances and Postgres: playwright.fleet.config.ts.
      testIgnore: /dev-mailbox\.spec|rate-limits\.spec|phone\.spec|fleet\//,
      use: { ...devices["Desktop Chrome"], launchOptions },
    },
    {
      // The narrowest phone the product promises to fit: a touch screen 360 px wide.
      name: "phone",
      testMatch: /phone\.spec/,
      use: {
        launchOptions,
        viewport: { width: 360, height: 780 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      },
    },
    {
      name: "embedded",
      testMatch: /dev-mailbox\.spec|rate-limits\.spec/,
      use: { ...devices["Desktop Chrome"], launchOptions, baseURL: embeddedURL },
    },
  ],
  // The production build, twice, each on a fresh embedded database seeded with the demo workspace:
  // once sending email through the fake Resend, and once on the embedded default.
  webServer: [
    {
      command: `node --import tsx scripts/fake-resend.ts --port ${port + 99}`,
      url: `${fakeResendURL}/__emails`,
      reuseExistingServer: false,
    },
    {
      command: `rm -rf .data/e2e/resend && PGLITE_DIR=.data/e2e/resend/pglite npx next start -p ${port} -H 127.0.0.1`,
      url: `${baseURL}/login`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        DATABASE_URL: "",
        APP_URL: baseURL,
        RESEND_API_KEY: "re_e2e_fake",
        RESEND_BASE_URL: fakeResendURL,
        EMAIL_FROM: "Acme Help <help@acme.test>",
        INBOUND_EMAIL_DOMAIN: inboundEmailDomain,
        RESEND_WEBHOOK_SECRET: resendWebhookSecret,
        // The fake is not rate-limited; a real account's pace would slow the suite for nothing.
        EMAIL_REQUESTS_PER_SECOND: "1000",
        EMAIL_SWEEP_INTERVAL_SECONDS: "1",
        // Set-ups no person would do, to test other things: the history tests type 110 messages
        // in seconds, the People page test writes to 26 new customers at once. The embedded
        // server keeps the defaults, and e2e/rate-limits.spec.ts runs there.
        MESSAGES_PER_MINUTE: "1000",
        NEW_ADDRESSES_PER_HOUR: "1000",
        // The browser's push service stands in at this address (e2e/push-notifications.spec.ts).
        PUSH_SERVICE_HOSTS: "127.0.0.1",
      },
    },
    {
      command: `rm -rf .data/e2e/embedded && PGLITE_DIR=.data/e2e/embedded/pglite npx next start -p ${port + 1} -H 127.0.0.1`,
      url: `${embeddedURL}/login`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: { DATABASE_URL: "", APP_URL: embeddedURL },
    },
  ],
});
