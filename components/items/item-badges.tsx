import clsx from "clsx";
import { type ItemKind, type ItemStatus, KIND_LABELS, STATUS_LABELS } from "@/lib/items/item-fields";

const statusColours: Record<ItemStatus, string> = {
  open: "bg-sky-100 text-sky-900",
  in_progress: "bg-violet-100 text-violet-900",
  resolved: "bg-emerald-100 text-emerald-900",
  closed: "bg-slate-200 text-slate-800",
};

export function StatusBadge({ status }: { status: ItemStatus }) {
  return (
    <span className={clsx("shrink-0 rounded px-1.5 py-0.5 text-xs font-medium", statusColours[status])}>
      {STATUS_LABELS[status]}
    </span>
  );
}

/** Tickets in the customer colour, as customer conversations are; tasks in the team's. */
export function KindBadge({ kind }: { kind: ItemKind }) {
  return (
    <span
      className={clsx(
        "shrink-0 rounded px-1.5 py-0.5 text-xs font-medium",
        kind === "ticket" ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-700",
      )}
    >
      {KIND_LABELS[kind]}
    </span>
  );
}
