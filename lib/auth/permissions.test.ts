import { describe, expect, it } from "vitest";
import type { TeamActor } from "./actor";
import { isAdmin, requireAdmin } from "./permissions";

const member: TeamActor = {
  kind: "user",
  userId: "u1",
  workspaceId: "w1",
  name: "Bob Builder",
  role: "member",
  customerFacing: true,
};
const admin: TeamActor = { ...member, name: "Alice Admin", role: "admin" };

describe("admin permissions", () => {
  it("counts only the admin role", () => {
    expect(isAdmin(admin)).toBe(true);
    expect(isAdmin(member)).toBe(false);
  });

  it("refuses anyone else with a typed forbidden that says what was refused", () => {
    expect(() => requireAdmin(admin)).not.toThrow();
    expect(() => requireAdmin(member, "Only admins can see this.")).toThrow(
      expect.objectContaining({ code: "forbidden", message: "Only admins can see this." }),
    );
  });
});
