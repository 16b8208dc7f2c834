import { getEnv } from "@/lib/env";

/**
 * The address of the client, for per-address limits, or null when it cannot be known. Each trusted
 * proxy in front of the app appends the address it received from to X-Forwarded-For, so with
 * TRUSTED_PROXY_HOPS proxies the client is that many entries from the right; everything further
 * left was written by the client and proves nothing. Next itself only fills the header in when it
 * is missing, so with no proxy (0) the whole header is the client's to choose: no address then.
 */
export function clientAddressOf(headers: Headers, hops = getEnv().TRUSTED_PROXY_HOPS): string | null {
  if (hops === 0) return null;
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return chain[chain.length - hops] ?? null;
}
