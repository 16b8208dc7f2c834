import { describe, expect, it } from "vitest";
import { clientAddressOf, networkOf } from "./client-address";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("the client's address, for per-address limits", () => {
  it("is what the trusted proxies saw, whatever the client wrote further left", () => {
    // The client forged two entries; the one proxy appended the address it really came from.
    expect(clientAddressOf(xff("10.0.0.1, 192.0.2.7, 203.0.113.5"), 1)).toBe("203.0.113.5");
    // A CDN, then a load balancer: the client is two entries from the right.
    expect(clientAddressOf(xff("10.0.0.1, 203.0.113.5, 198.51.100.2"), 2)).toBe("203.0.113.5");
  });

  it("is unknown with no trusted proxy (the header is the client's own), or a chain too short", () => {
    expect(clientAddressOf(xff("203.0.113.5"), 0)).toBeNull();
    expect(clientAddressOf(xff("203.0.113.5"), 2)).toBeNull();
    expect(clientAddressOf(new Headers(), 1)).toBeNull();
  });
});

describe("the network of an address, for limits on new visitors", () => {
  it("is a whole IPv6 /64, however it is written, and an IPv4 address as it is", () => {
    expect(networkOf("2001:db8:0:1:aaaa::1")).toBe("2001:db8:0:1::/64");
    expect(networkOf("2001:0DB8:0000:0001:ffff:ffff:ffff:ffff")).toBe("2001:db8:0:1::/64");
    expect(networkOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(networkOf("::1")).toBe("0:0:0:0::/64");
    expect(networkOf("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(networkOf("203.0.113.9")).toBe("203.0.113.9");
    expect(networkOf(null)).toBeNull();
  });
});
