"use client";

import { Archive, ArrowLeft, Bell, BellOff, ListChecks, RotateCcw } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import {
  addParticipantsAction,
  setConversationStatusAction,
  setMutedAction,
} from "@/app/(app)/messenger/actions";
import { CreateItemFromConversation } from "@/components/items/create-item-from-conversation";
import { Button, buttonClass } from "@/components/ui/button";
import type { ConversationPerson } from "@/lib/conversations/get-conversation";
import { PeoplePicker } from "./people-picker";
import { VisitorBadge } from "./visitor-badge";

export function ConversationHeader({
  conversationId,
  kind,
  status,
  latestSeq,
  muted,
  canMute,
  people,
  meId,
  backHref,
  backLabel,
  item,
  subject,
  suggestedTitle,
}: {
  conversationId: string;
  kind: "internal" | "customer";
  /** What its starter said it is about: then it is the title, and the people are named under it. */
  subject: string | null;
  /** The ticket or task whose thread this is: then its status and followers are managed on its page. */
  item: { number: number; title: string; kind: "ticket" | "task" } | null;
  /** For Create ticket / Create task: the first message, as a title to start from. */
  suggestedTitle: string;
  status: "open" | "closed";
  /** The newest message on screen: closing is refused if a newer one arrived meanwhile. */
  latestSeq: number;
  muted: boolean;
  /** Only someone taking part can mute: a customer-facing member looking in has nothing to mute. */
  canMute: boolean;
  people: ConversationPerson[];
  meId: string;
  backHref: string;
  backLabel: string;
}) {
  const router = useRouter();
  const [muting, startMuting] = useTransition();
  const [changingStatus, startChangingStatus] = useTransition();
  const others = people.filter((person) => person.id !== meId);
  // A customer conversation is named after its customers; an internal one after the others in it.
  const customers = people.filter((person) => person.kind === "customer");
  const title = item
    ? `#${item.number} ${item.title}`
    : subject || (kind === "customer" ? customers : others).map((p) => p.name).join(", ") || "Only you";
  const toggleMute = () =>
    startMuting(async () => {
      const result = await setMutedAction({ conversationId, muted: !muted });
      if (!result.ok) toast.error(result.message);
      else router.refresh();
    });
  const setStatus = (next: "open" | "closed") =>
    startChangingStatus(async () => {
      const result = await setConversationStatusAction({ conversationId, status: next, seenSeq: latestSeq });
      if (!result.ok) toast.error(result.message);
      else if (next === "closed") {
        toast.success("Conversation closed. It is under Closed now.");
        router.push(
          result.data.nextId ? `/messenger/c/${result.data.nextId}?view=open` : "/messenger?view=open",
        );
      } else router.refresh();
    });
  // Visitors, and customers a site vouches for who have not confirmed an address: none is emailed.
  const visitors = customers.filter((person) => person.email === null);
  return (
    <>
      <header className="flex items-center gap-3 border-b border-slate-200 px-4 py-3">
        <Link
          href={backHref}
          aria-label={`Back to ${backLabel}`}
          className="rounded-md p-1 text-slate-600 hover:bg-slate-100 md:hidden"
        >
          <ArrowLeft aria-hidden="true" className="size-5" />
        </Link>
        <div className="min-w-0 flex-1">
          {/* Two lines before it is cut: on a phone a subject is most of what tells conversations apart. */}
          <h2 className="line-clamp-2 text-base font-semibold text-slate-900 [overflow-wrap:anywhere]">
            {title}
          </h2>
          <p className="flex items-center gap-2 text-xs text-slate-600">
            {item ? (
              <span
                className={
                  item.kind === "ticket"
                    ? "rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900"
                    : "rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700"
                }
              >
                {item.kind === "ticket" ? "Ticket" : "Task"}
              </span>
            ) : kind === "customer" ? (
              <span className="rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900">Customer</span>
            ) : (
              <span className="rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700">Internal</span>
            )}
            {customers.some((person) => person.visitor) && <VisitorBadge />}
            {customers.some((person) => person.blocked) && (
              <span className="rounded bg-red-100 px-1.5 py-0.5 font-medium text-red-900">Blocked</span>
            )}
            {!item && status === "closed" && (
              <span className="rounded bg-slate-200 px-1.5 py-0.5 font-medium text-slate-800">Closed</span>
            )}
            <span className="truncate">
              <span className="sr-only">Participants: </span>
              {people
                .map((p) =>
                  p.id === meId ? `${p.name} (you)` : p.kind === "customer" ? `${p.name} (customer)` : p.name,
                )
                .join(", ")}
            </span>
          </p>
        </div>
        {canMute && (
          <Button
            variant="ghost"
            busy={muting}
            onClick={toggleMute}
            aria-pressed={muted}
            title={
              muted ? "Unmute: bubbles and emails again" : "Mute: no bubbles or emails for this conversation"
            }
            icon={
              muted ? (
                <BellOff aria-hidden="true" className="size-4" />
              ) : (
                <Bell aria-hidden="true" className="size-4" />
              )
            }
          >
            <span className="sr-only sm:not-sr-only">{muted ? "Muted" : "Mute"}</span>
          </Button>
        )}
        {item && (
          <Link href={`/items/${item.number}`} className={buttonClass("secondary")}>
            <ListChecks aria-hidden="true" className="size-4" />
            <span className="sr-only sm:not-sr-only">Open {item.kind}</span>
          </Link>
        )}
        {!item && (
          <CreateItemFromConversation
            conversationId={conversationId}
            kind={kind === "customer" ? "ticket" : "task"}
            suggestedTitle={suggestedTitle}
          />
        )}
        {!item &&
          kind === "customer" &&
          // Keyed: Close and Reopen are two buttons in one place, never one node relabelled, so a
          // click meant for one (a double click, a slow device) can never land on the other.
          (status === "open" ? (
            <Button
              key="close"
              variant="secondary"
              busy={changingStatus}
              onClick={() => setStatus("closed")}
              icon={<Archive aria-hidden="true" className="size-4" />}
            >
              <span className="sr-only sm:not-sr-only">Close</span>
            </Button>
          ) : (
            <Button
              key="reopen"
              variant="secondary"
              busy={changingStatus}
              onClick={() => setStatus("open")}
              icon={<RotateCcw aria-hidden="true" className="size-4" />}
            >
              <span className="sr-only sm:not-sr-only">Reopen</span>
            </Button>
          ))}
        {!item && (
          <PeoplePicker
            excludeIds={people.map((person) => person.id)}
            onConfirm={async (chosen) => {
              const result = await addParticipantsAction({
                conversationId,
                userIds: chosen.map((person) => person.id),
              });
              if (!result.ok) toast.error(result.message);
              else router.refresh();
            }}
          />
        )}
      </header>
      {visitors.length > 0 && (
        <p role="note" className="border-b border-sky-200 bg-sky-50 px-4 py-2 text-xs text-sky-950">
          {visitors
            .map((person) =>
              person.pendingEmail
                ? `${person.name} gave ${person.pendingEmail} but has not confirmed it yet`
                : `${person.name} has not given an email address`,
            )
            .join("; ")}
          : replies wait on their chat page, and no email reaches them until they confirm an address.
        </p>
      )}
    </>
  );
}
