import { getEnv } from "@/lib/env";

/**
 * The address of the client, for per-address limits. `next start` appends the socket's peer to
 * X-Forwarded-For, and each trusted proxy in front appends its own peer; TRUSTED_PROXY_HOPS says
 * how many proxies to look past. Entries further left were written by the client and prove nothing.
 */
export function clientAddressOf(headers: Headers, hops = getEnv().TRUSTED_PROXY_HOPS): string {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return chain[chain.length - 1 - hops] ?? chain[0] ?? "unknown";
}
