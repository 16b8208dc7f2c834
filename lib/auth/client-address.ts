import { isIPv6 } from "node:net";
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

/**
 * The network an address is on, for limits on what costs nothing to make (a new visitor): an IPv6
 * address as its /64, which one home or phone gets whole, so that stepping through it is one
 * network; anything else as it is. An IPv4 address mapped into IPv6 is the IPv4 one.
 */
export function networkOf(address: string | null): string | null {
  if (!address || !isIPv6(address)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1] ?? address;
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}
