/** "Carol", "Carol and Dana", "Bob, Carol and Dana": for system lines. */
export function joinNames(names: string[]) {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** The system line that records people added: "Alice added Bob and Carol", on an item "… as followers". */
export function addedLine(actorName: string, names: string[], { asFollowers }: { asFollowers: boolean }) {
  const as = asFollowers ? ` as ${names.length === 1 ? "a follower" : "followers"}` : "";
  return `${actorName} added ${joinNames(names)}${as}`;
}
