/**
 * A random id made in the browser for each send. crypto.randomUUID exists only in secure contexts
 * (https or localhost); getRandomValues exists everywhere, so the app also works over plain http on a LAN.
 */
export function newClientId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
