import { outboxOnlyDriver, setEmailDriver } from "@/lib/email/driver";
import { setRealtimeDriver } from "@/lib/realtime/publish";
import { recordingDriver } from "@/lib/realtime/recording-driver";

// Tests use their own databases; realtime events are recorded unless a test installs another driver.
setRealtimeDriver(recordingDriver());
// Emails stay in the outbox unless a test passes another driver.
setEmailDriver(outboxOnlyDriver);
