/** Clients send a heartbeat at most this often while their live connection is open… */
export const HEARTBEAT_INTERVAL_MS = 20_000;
/** …and a person counts as online for this long after the last one. */
export const ONLINE_WINDOW_MS = 60_000;
