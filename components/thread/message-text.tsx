import clsx from "clsx";
import { Fragment } from "react";
import { type MentionRange, mentionSegments } from "@/lib/mentions/mention-text";

/**
 * A message's text on the team's screens, each mention drawn as a highlighted "@Name" (stronger
 * when it is the reader). The stored text holds the plain name, which is what a customer reads.
 */
export function MessageText({
  body,
  mentions,
  meId,
}: {
  body: string;
  mentions: MentionRange[];
  meId: string;
}) {
  if (mentions.length === 0) return body;
  return mentionSegments(body, mentions).map((segment, index) =>
    "userId" in segment ? (
      <span
        // Segments are the body's own pieces, in order; nothing reorders them.
        // biome-ignore lint/suspicious/noArrayIndexKey: a static split of one string
        key={index}
        className={clsx(
          "rounded px-0.5 font-medium",
          segment.userId === meId ? "bg-amber-100 text-amber-900" : "bg-brand-50 text-brand-800",
        )}
      >
        @{segment.text}
      </span>
    ) : (
      // biome-ignore lint/suspicious/noArrayIndexKey: a static split of one string
      <Fragment key={index}>{segment.text}</Fragment>
    ),
  );
}
