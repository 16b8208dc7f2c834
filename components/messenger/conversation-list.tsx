import clsx from "clsx";
import { Inbox, ListChecks, PenSquare } from "lucide-react";
import Link from "next/link";
import { Avatar } from "@/components/ui/avatar";
import { RelativeTime } from "@/components/ui/relative-time";
import { type ConversationRow, VIEWS, type ViewId } from "@/lib/conversations/views";
import { PaneLink } from "./messenger-navigation";
import { VisitorBadge } from "./visitor-badge";

/** What is true of an empty view: "yet" would be wrong once its last conversation is closed. */
const emptyTitle: Record<ViewId, string> = {
  open: "No open conversations",
  closed: "No closed conversations",
  inbox: "Your inbox is empty",
  sent: "Nothing waiting for an answer",
  items: "No followed items",
};

const emptyText: Record<ViewId, string> = {
  open: "Conversations with customers show up here. Start one with Add → Conversation with customer.",
  closed: "Customer conversations you close show up here. A customer's reply reopens them.",
  inbox: "When a teammate writes to you, or answers you, the conversation shows up here.",
  sent: "Conversations you start show up here until someone answers; then they move to Internal Inbox. Start one with Add → Conversation with user.",
  items: "Tickets and tasks you follow show up here when there is news. Find them all under Items.",
};

/** The second pane: one row per conversation, newest activity first, unread rows in bold. */
export function ConversationList({
  view,
  rows,
  nextCursor,
  selectedId,
  draft,
}: {
  view: ViewId;
  rows: ConversationRow[];
  nextCursor: string | null;
  selectedId?: string;
  draft?: boolean;
}) {
  const label = VIEWS[view].label;
  return (
    <section aria-label={`${label} conversations`} className="flex min-h-0 flex-col">
      <h2 className="border-b border-slate-200 px-4 py-3 text-sm font-semibold text-slate-900">{label}</h2>
      <ul className="min-h-0 flex-1 overflow-y-auto">
        {draft && (
          <li className="flex items-center gap-3 border-b border-slate-100 border-l-4 border-l-brand-600 bg-brand-50 px-4 py-3">
            <PenSquare aria-hidden="true" className="size-5 text-brand-700" />
            <span className="text-sm font-semibold text-brand-800">New conversation</span>
            <span className="ml-auto text-xs text-brand-700">Draft</span>
          </li>
        )}
        {rows.map((row) => (
          <li key={row.id}>
            <ConversationListRow row={row} view={view} selected={row.id === selectedId} />
          </li>
        ))}
        {rows.length === 0 && !draft && (
          <li className="flex flex-col items-center gap-2 px-6 py-12 text-center">
            <Inbox aria-hidden="true" className="size-8 text-slate-400" />
            <p className="text-sm font-medium text-slate-800">{emptyTitle[view]}</p>
            <p className="text-sm text-slate-600">{emptyText[view]}</p>
          </li>
        )}
      </ul>
      {nextCursor && (
        <Link
          href={`/messenger?view=${view}&cursor=${nextCursor}`}
          className="border-t border-slate-200 px-4 py-2 text-center text-sm font-medium text-brand-700 hover:bg-slate-50"
        >
          Older conversations
        </Link>
      )}
    </section>
  );
}

function ConversationListRow({
  row,
  view,
  selected,
}: {
  row: ConversationRow;
  view: ViewId;
  selected: boolean;
}) {
  // In a customer conversation, who it is with: its customers.
  const shown = row.people.some((person) => person.kind === "customer")
    ? row.people.filter((person) => person.kind === "customer")
    : row.people;
  // An item's thread is named after the item.
  const names = row.item
    ? `#${row.item.number} ${row.item.title}`
    : shown.map((person) => person.name).join(", ") || "Only you";
  const preview = row.preview
    ? row.preview.system || !row.preview.authorName
      ? row.preview.body
      : `${row.preview.internal ? "Note · " : ""}${row.preview.authorName.split(" ")[0]}: ${row.preview.body}`
    : "";
  // What tells two conversations with the same people apart, over the newest message: the subject,
  // or else the first line of the first message (none when that is the newest, the preview then).
  const topic = row.item ? null : (row.subject ?? row.opening);
  return (
    <PaneLink
      href={`/messenger/c/${row.id}?view=${view}`}
      pane="conversation"
      selected={selected}
      className="flex gap-3 border-b border-slate-100 px-4 py-3 focus-visible:-outline-offset-2"
      selectedClassName="bg-slate-100"
      idleClassName="hover:bg-slate-50"
    >
      <div className="flex w-14 shrink-0 -space-x-3 pt-0.5 *:ring-2 *:ring-white">
        {row.item ? (
          <span className="flex size-9 items-center justify-center rounded-full bg-slate-100 text-slate-600">
            <ListChecks aria-hidden="true" className="size-4" />
          </span>
        ) : (
          shown.slice(0, 2).map((person) => <Avatar key={person.id} name={person.name} />)
        )}
      </div>
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline gap-2">
          <span
            className={clsx(
              "truncate text-sm",
              row.unread ? "font-semibold text-slate-900" : "text-slate-800",
            )}
          >
            {names}
          </span>
          {!row.item && shown.some((person) => person.visitor) && <VisitorBadge />}
          <RelativeTime date={row.lastMessageAt} className="ml-auto shrink-0 text-xs text-slate-600" />
        </div>
        {topic && (
          <p
            className={clsx("truncate text-sm text-slate-900", (row.subject || row.unread) && "font-medium")}
          >
            {topic}
          </p>
        )}
        <div className="flex items-center gap-2">
          <p
            className={clsx("truncate text-sm", row.unread ? "font-medium text-slate-800" : "text-slate-600")}
          >
            {preview}
          </p>
          {row.unread && (
            <span className="ml-auto size-2.5 shrink-0 rounded-full bg-brand-600">
              <span className="sr-only">Unread</span>
            </span>
          )}
        </div>
      </div>
    </PaneLink>
  );
}
