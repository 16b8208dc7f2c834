import { outboxOnlyDriver, setEmailDriver } from "@/lib/email/driver";
import { setRealtimeDriver } from "@/lib/realtime/publish";
import { recordingDriver } from "@/lib/realtime/recording-driver";

// Tests use their own databases; realtime events are recorded unless a test installs another driver.
setRealtimeDriver(recordingDriver());
// Emails stay in the outbox unless a test passes another driver.
setEmailDriver(outboxOnlyDriver);
// Every notification email holds signed links (its unsubscribe link), and with DATABASE_URL set the
// app requires AUTH_SECRET; a test that signs with its own sets it before loading the app.
process.env.AUTH_SECRET ??= "vitest-auth-secret-of-at-least-32-characters";
// The tests' local push service (lib/push/fake-push-service.ts) listens on this machine: a push
// service of one's own, as an operator would add one.
process.env.PUSH_SERVICE_HOSTS ??= "127.0.0.1";
