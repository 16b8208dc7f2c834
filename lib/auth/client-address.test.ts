import { describe, expect, it } from "vitest";
import { clientAddressOf } from "./client-address";

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
