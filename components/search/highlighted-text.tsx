import type { Segment } from "@/lib/search/search-terms";

/** Text with the searched words in `<mark>`, as the search matched them. */
export function HighlightedText({ segments }: { segments: Segment[] }) {
  return segments.map((segment, index) =>
    segment.match ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the segments of one text never reorder
      <mark key={index} className="rounded-sm bg-amber-200 px-0.5 text-slate-900">
        {segment.text}
      </mark>
    ) : (
      segment.text
    ),
  );
}
