/**
 * The browsers' own push services: where a real subscription's endpoint points. A leading dot
 * stands for any host under that domain.
 */
const BROWSER_PUSH_SERVICES = [
  // Chrome, and the browsers built on it (Opera, Samsung Internet, Brave, Edge on Android).
  "fcm.googleapis.com",
  // Firefox.
  "updates.push.services.mozilla.com",
  // Safari, on macOS and on iPhones and iPads (a web app added to the home screen).
  "web.push.apple.com",
  // Edge on Windows: wns2-….notify.windows.com.
  ".notify.windows.com",
];

/**
 * Whether the server may send pushes to this address. The endpoint comes from the browser, so
 * without this any team member could have the server call an address of their choosing (one on
 * its own network, say) with every message. `extraHosts` (PUSH_SERVICE_HOSTS) adds push services
 * of one's own, such as the tests' local one.
 */
export function isPushService(endpoint: string, extraHosts: string[]): boolean {
  const { hostname } = new URL(endpoint);
  return [...BROWSER_PUSH_SERVICES, ...extraHosts].some((host) =>
    host.startsWith(".") ? hostname.endsWith(host) : hostname === host,
  );
}
