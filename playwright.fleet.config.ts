import { defineConfig, devices } from "@playwright/test";
import type { FleetOptions } from "./e2e/fixtures";
import { databaseUrl, instanceEnv } from "./e2e/fleet/app-instance";
import { launchOptions } from "./e2e/launch-options";
import { type SoketiNode, soketiCommand, soketiEnv } from "./lib/realtime/start-soketi";

/**
 * The fleet (npm run test:fleet): the production build as several instances on one Postgres, as it
 * runs past one machine. Two pairs of instances, each pair on a fresh database of its own:
 * - A and B on the built-in realtime driver (Postgres LISTEN/NOTIFY carries events between them);
 * - C and D on Soketi, a cluster of two nodes joined by Redis: C publishes to one node, D's pages
 *   connect to the other.
 * Every instance runs the in-process email sweep against one fake Resend. The realtime specs of the
 * main suite run again on C, so every live behaviour is proved on both drivers.
 */
const port = Number(process.env.FLEET_PORT ?? 3300);
const url = (offset: number) => `http://127.0.0.1:${port + offset}`;
const fakeResendURL = url(99);
// The fixtures read it (e2e/fixtures.ts): the workers inherit this process's environment.
process.env.E2E_FAKE_RESEND_URL = fakeResendURL;

const soketiApp: SoketiNode["app"] = { appId: "4242", key: "fleet-key", secret: "fleet-secret" };
const soketiNodes = [10, 11].map((offset) => ({
  app: soketiApp,
  port: port + offset,
  metricsPort: port + offset + 10,
  redisPrefix: `helpdesk-fleet-${port}`,
}));

const instances = {
  A: { url: url(0), database: "helpdesk_fleet_builtin" },
  B: { url: url(1), database: "helpdesk_fleet_builtin" },
  C: { url: url(2), database: "helpdesk_fleet_soketi", soketi: soketiNodes[0] },
  D: { url: url(3), database: "helpdesk_fleet_soketi", soketi: soketiNodes[1] },
};

/** One `next start`; the first of each pair starts on a fresh, seeded database (they start in order). */
function instance(
  { url, database, soketi }: { url: string; database: string; soketi?: SoketiNode },
  fresh: boolean,
) {
  return {
    command: `${fresh ? "node --import tsx scripts/fresh-database.ts && " : ""}npx next start -p ${new URL(url).port} -H 127.0.0.1`,
    url: `${url}/login`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: instanceEnv({ url, databaseUrl: databaseUrl(database), fakeResendURL, soketi }),
  };
}

export default defineConfig<object, FleetOptions>({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: { trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    {
      name: "soketi",
      testMatch: /\/(realtime|live-cues|customer-conversations)\.spec\.ts$/,
      use: {
        ...devices["Desktop Chrome"],
        launchOptions,
        baseURL: instances.C.url,
        realtime: "pusher",
        peers: [instances.D.url],
      },
    },
    {
      name: "fleet-builtin",
      testMatch: /fleet\/two-instances\.spec\.ts$/,
      use: {
        ...devices["Desktop Chrome"],
        launchOptions,
        baseURL: instances.A.url,
        peers: [instances.B.url],
      },
    },
    {
      name: "fleet-soketi",
      testMatch: /fleet\/two-instances\.spec\.ts$/,
      use: {
        ...devices["Desktop Chrome"],
        launchOptions,
        baseURL: instances.C.url,
        peers: [instances.D.url],
        realtime: "pusher",
      },
    },
    {
      // Each spawns and stops instances (and Soketi nodes) of its own, on the fleet's databases.
      name: "faults",
      testMatch: /fleet\/(realtime-down|instance-killed|slow-postgres|streams-full)\.spec\.ts$/,
      use: { ...devices["Desktop Chrome"], launchOptions },
    },
  ],
  webServer: [
    {
      command: `node --import tsx scripts/fake-resend.ts --port ${port + 99}`,
      url: `${fakeResendURL}/__emails`,
      reuseExistingServer: false,
    },
    ...soketiNodes.map((node) => ({
      command: soketiCommand.join(" "),
      url: `http://127.0.0.1:${node.port}/ready`,
      reuseExistingServer: false,
      env: soketiEnv(node),
    })),
    instance(instances.A, true),
    instance(instances.B, false),
    instance(instances.C, true),
    instance(instances.D, false),
  ],
});
