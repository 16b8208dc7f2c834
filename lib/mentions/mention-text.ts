/** Where a mentioned teammate's name stands in a stored body, in UTF-16 units (as String.slice counts). */
export type MentionRange = { userId: string; start: number; length: number };

/**
 * The body as it is stored, from the body as typed and the teammates picked with @ in it: each
 * picked "@Name" loses its @ and is recorded where it stands. The stored text is then what a
 * customer reads (the plain name) and what an email quotes; the team's screens draw the range as a
 * highlighted "@Name". A name is looked for longest first, so that "@Ann Lee" is not taken for
 * "@Ann", and each mention takes the first free place. Null when someone picked is not in the text
 * (the person deleted it, or a client sent a mention it did not write).
 */
export function placeMentions(
  typed: string,
  people: { id: string; name: string }[],
): { body: string; mentions: MentionRange[] } | null {
  const taken: { at: number; end: number; userId: string }[] = [];
  for (const person of [...people].sort((a, b) => b.name.length - a.name.length)) {
    const needle = `@${person.name}`;
    let at = typed.indexOf(needle);
    while (at >= 0 && taken.some((place) => at < place.end && place.at < at + needle.length))
      at = typed.indexOf(needle, at + 1);
    if (at < 0 || person.name === "") return null;
    taken.push({ at, end: at + needle.length, userId: person.id });
  }
  taken.sort((a, b) => a.at - b.at);
  let body = "";
  let from = 0;
  const mentions = taken.map((place) => {
    body += typed.slice(from, place.at);
    const start = body.length;
    const name = typed.slice(place.at + 1, place.end);
    body += name;
    from = place.end;
    return { userId: place.userId, start, length: name.length };
  });
  return { body: body + typed.slice(from), mentions };
}

/**
 * The mentions of a message after its author edited it: each name still in the new text keeps its
 * mention, at the place nearest its old one; one whose name is gone is dropped. An edit adds no
 * mention (it notifies nobody).
 */
export function relocateMentions(before: string, after: string, mentions: MentionRange[]): MentionRange[] {
  const placed: MentionRange[] = [];
  for (const mention of mentions) {
    const name = before.slice(mention.start, mention.start + mention.length);
    let best: number | null = null;
    for (let at = after.indexOf(name); at >= 0 && name !== ""; at = after.indexOf(name, at + 1)) {
      const free = !placed.some((p) => at < p.start + p.length && p.start < at + name.length);
      if (free && (best === null || Math.abs(at - mention.start) < Math.abs(best - mention.start))) best = at;
    }
    if (best !== null) placed.push({ userId: mention.userId, start: best, length: name.length });
  }
  return placed;
}

/** A body cut into plain text and mentions, in order, for the team's screens. Ranges that do not fit are ignored. */
export function mentionSegments(
  body: string,
  mentions: MentionRange[],
): ({ text: string } | { text: string; userId: string })[] {
  const segments: ({ text: string } | { text: string; userId: string })[] = [];
  let from = 0;
  for (const mention of [...mentions].sort((a, b) => a.start - b.start)) {
    const end = mention.start + mention.length;
    if (mention.start < from || end > body.length || mention.length === 0) continue;
    if (mention.start > from) segments.push({ text: body.slice(from, mention.start) });
    segments.push({ text: body.slice(mention.start, end), userId: mention.userId });
    from = end;
  }
  if (from < body.length || segments.length === 0) segments.push({ text: body.slice(from) });
  return segments;
}

/**
 * The mention being typed at the caret: an @ at the start or after a space, and what follows it
 * (a name, at most one space in: "@Bob B"). Null when the caret is not in one.
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const found = /(?:^|\s)@([^\s@]{0,40}(?: [^\s@]{0,40})?)$/.exec(text.slice(0, caret));
  if (!found) return null;
  const query = found[1] ?? "";
  return { start: caret - query.length - 1, query };
}
