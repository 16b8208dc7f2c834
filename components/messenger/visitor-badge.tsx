/** A customer with no confirmed address yet: replies reach them on the chat page only. */
export function VisitorBadge() {
  return (
    <span className="shrink-0 rounded bg-sky-100 px-1.5 py-0.5 text-[11px] font-medium leading-none text-sky-900">
      Visitor
    </span>
  );
}
