import { DomainError } from "@/lib/domain-error";

/** The most people one conversation holds: beyond that, a conversation is an announcement. */
export const MAX_PARTICIPANTS = 50;

export function requireRoomFor(people: number) {
  if (people > MAX_PARTICIPANTS) {
    throw new DomainError(
      "too_many_participants",
      `A conversation can have at most ${MAX_PARTICIPANTS} people.`,
    );
  }
}
