import { DomainError } from "@/lib/domain-error";
import type { TeamActor } from "./actor";

/**
 * Admins set the workspace's notification defaults, see the emails the provider refused, and read
 * the dev mailbox. The one place that says who is an admin, for pages, actions and domain rules.
 */
export function isAdmin(member: Pick<TeamActor, "role">): boolean {
  return member.role === "admin";
}

/** For domain functions: anyone else gets a typed `forbidden`, whose message says what was refused. */
export function requireAdmin(actor: TeamActor, message = "Only admins can do this."): void {
  if (!isAdmin(actor)) throw new DomainError("forbidden", message);
}
