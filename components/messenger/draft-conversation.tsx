"use client";

import { Send, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { createConversationAction, createCustomerConversationAction } from "@/app/(app)/messenger/actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { newClientId } from "@/lib/client-id";
import { characterCount, MAX_MESSAGE_LENGTH, MAX_SUBJECT_LENGTH } from "@/lib/conversations/lengths";
import { MessageInput } from "./message-input";
import { PeoplePicker } from "./people-picker";
import { type Recipient, RecipientField } from "./recipient-field";

/**
 * A new conversation, not stored until it is sent. The X, or Escape, throws it away. Internal: teammates only.
 * With a customer: one or more customers, and any teammates who should follow it.
 */
export function DraftConversation({ kind }: { kind: "internal" | "customer" }) {
  const router = useRouter();
  const [people, setPeople] = useState<Recipient[]>([]);
  const view = kind === "customer" ? "open" : "sent";
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const subjectId = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // One id per draft: a double click or a retry after a lost answer creates one conversation.
  const [clientMessageId] = useState(newClientId);

  const submit = () => {
    if (pending) return;
    const customers = people.filter((person) => person.kind === "customer");
    if (kind === "customer" && customers.length === 0)
      return setError("Add at least one customer to write to.");
    if (people.length === 0) return setError("Choose at least one teammate to write to.");
    if (!body.trim()) return setError("Write a message first.");
    if (characterCount(body) > MAX_MESSAGE_LENGTH) return setError("Shorten the message to send it.");
    setError(null);
    startTransition(async () => {
      const teammates = people.filter((person) => person.kind === "user").map((person) => person.id);
      // A refusal (a limit, with its wait) or a lost connection keeps the draft as typed.
      const result = await (kind === "customer"
        ? createCustomerConversationAction({
            customerIds: customers.filter((person) => !person.isNew).map((person) => person.id),
            newCustomerEmails: customers.filter((person) => person.isNew).map((person) => person.email),
            userIds: teammates,
            subject,
            body,
            clientMessageId,
          })
        : createConversationAction({ participantIds: teammates, subject, body, clientMessageId })
      ).catch(() => ({ ok: false as const, message: "Could not reach the server. Try again." }));
      if (result.ok) router.push(`/messenger/c/${result.data.conversationId}?view=${view}`);
      else setError(result.message);
    });
  };

  return (
    // Escape anywhere in the draft throws it away, like the X; unless something inside used it first
    // (the To field's suggestions, the Add people dialog, which React bubbles through its portal).
    <section
      aria-label="New conversation"
      className="flex h-full flex-col"
      onKeyDown={(event) => {
        if (event.key !== "Escape" || event.defaultPrevented) return;
        if ((event.target as Element).closest('[role="dialog"]')) return;
        router.push(`/messenger?view=${view}`);
      }}
    >
      <header className="flex items-center gap-2 border-b border-slate-200 px-4 py-3">
        <h2 className="text-base font-semibold text-slate-900">New conversation</h2>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">
          {kind === "customer" ? "With customer" : "Internal"}
        </span>
        <button
          type="button"
          aria-label="Cancel conversation"
          title="Cancel conversation"
          onClick={() => router.push(`/messenger?view=${view}`)}
          className="ml-auto rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900"
        >
          <X aria-hidden="true" className="size-5" />
        </button>
      </header>
      <form
        className="flex min-h-0 flex-1 flex-col"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <div className="flex items-start gap-2 border-b border-slate-200 px-4 py-2">
          <RecipientField value={people} onChange={setPeople} withCustomers={kind === "customer"} />
          <PeoplePicker
            excludeIds={people.map((person) => person.id)}
            onConfirm={(chosen) =>
              setPeople((list) => [
                ...list,
                ...chosen
                  .filter((p) => !list.some((q) => q.id === p.id))
                  .map((p) => ({ ...p, kind: "user" as const })),
              ])
            }
          />
        </div>
        <div className="flex items-center gap-2 border-b border-slate-200 px-4 py-2">
          <label htmlFor={subjectId} className="shrink-0 px-1 text-sm font-medium text-slate-600">
            Subject
          </label>
          {/* Optional: without one, the list tells conversations apart by their first line. */}
          <input
            id={subjectId}
            value={subject}
            onChange={(event) => setSubject(event.target.value)}
            // Enter goes on to the message, as in a mail client, rather than sending a draft with none.
            onKeyDown={(event) => {
              if (event.key !== "Enter" || event.nativeEvent.isComposing) return;
              event.preventDefault();
              event.currentTarget.form?.querySelector("textarea")?.focus();
            }}
            maxLength={MAX_SUBJECT_LENGTH}
            autoComplete="off"
            placeholder="Optional: what it is about"
            className="min-w-0 flex-1 rounded-md border-0 bg-transparent px-1 py-1.5 text-sm text-slate-900 outline-none placeholder:text-slate-500 focus-visible:ring-2 focus-visible:ring-brand-600/30"
          />
        </div>
        <div className="flex flex-1 flex-col items-center justify-center px-6 text-center text-sm text-slate-600">
          <p>
            {kind === "customer"
              ? "Customers get your message on live chat if they are connected, and by email if not. Teammates you add follow the conversation."
              : "Only the people you add will see this conversation. Customers can never be added to it."}
          </p>
        </div>
        <div className="space-y-2 border-t border-slate-200 p-3">
          <FormError message={error} />
          <div className="flex items-end gap-2">
            <MessageInput
              value={body}
              onChange={setBody}
              onSubmit={submit}
              placeholder="Write your message…"
            />
            <Button type="submit" disabled={pending} aria-label="Create new conversation">
              <Send aria-hidden="true" className="size-4" />
              {/* A short label on a phone leaves room for the message; a word of the button's name, so
                  that what is seen is what a voice user says. */}
              <span className="sm:hidden">{pending ? "Creating…" : "Create"}</span>
              <span className="hidden sm:inline">{pending ? "Creating…" : "Create new conversation"}</span>
            </Button>
          </div>
        </div>
      </form>
    </section>
  );
}
