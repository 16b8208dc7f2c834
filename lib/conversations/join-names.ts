/** "Carol", "Carol and Dana", "Bob, Carol and Dana": for system lines. */
export function joinNames(names: string[]) {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
