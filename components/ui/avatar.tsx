import clsx from "clsx";

const palette = [
  "bg-indigo-100 text-indigo-800",
  "bg-emerald-100 text-emerald-800",
  "bg-amber-100 text-amber-900",
  "bg-rose-100 text-rose-800",
  "bg-sky-100 text-sky-800",
  "bg-violet-100 text-violet-800",
];

export function initials(name: string) {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase() || "?";
}

/**
 * Initials on a colour picked from the name, so a person keeps their colour everywhere. The
 * initials are drawn by CSS, not written as text: the name beside the avatar says who it is, and
 * text in a button or link would become part of what it says it is called ("AA Alice Admin").
 */
export function Avatar({ name, size = "md" }: { name: string; size?: "sm" | "md" }) {
  const hash = [...name].reduce((sum, char) => sum + char.charCodeAt(0), 0);
  return (
    <span
      aria-hidden="true"
      data-initials={initials(name)}
      className={clsx(
        "before:content-[attr(data-initials)]",
        "inline-flex shrink-0 items-center justify-center rounded-full font-semibold",
        size === "sm" ? "size-7 text-[11px]" : "size-9 text-xs",
        palette[hash % palette.length],
      )}
    />
  );
}
