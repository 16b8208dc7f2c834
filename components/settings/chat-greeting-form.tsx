"use client";

import { useState } from "react";
import { saveChatGreeting } from "@/app/(app)/settings/actions";
import { inputClass, selectClass } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { REPLY_TIME_WORDS, type ReplyTime } from "@/lib/chat/reply-time";
import { SaveBar } from "./save-bar";
import { useSave } from "./use-save";

type Greeting = { chatGreeting: string; chatReplyTime: ReplyTime };

const REPLY_TIMES = Object.entries(REPLY_TIME_WORDS) as [ReplyTime, string][];

/** What the chat page says above the message box before anyone has written: the greeting, and when the team replies. */
export function ChatGreetingForm({ initial, maxLength }: { initial: Greeting; maxLength: number }) {
  const [greeting, setGreeting] = useState(initial.chatGreeting);
  const [replyTime, setReplyTime] = useState(initial.chatReplyTime);
  const [saved, setSaved] = useState(initial);
  const { pending, outcome, save } = useSave(saveChatGreeting, (stored) => {
    setSaved(stored);
    setGreeting(stored.chatGreeting); // as stored: line breaks and extra spaces tidied away
  });
  const dirty = greeting !== saved.chatGreeting || replyTime !== saved.chatReplyTime;
  const error = outcome && !outcome.saved ? outcome.fieldErrors?.chatGreeting?.[0] : undefined;
  const id = "field-chatGreeting";
  return (
    <form
      className="rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        save({ chatGreeting: greeting, chatReplyTime: replyTime });
      }}
    >
      <div className="space-y-4">
        <div className="space-y-1">
          <label htmlFor={id} className="block text-sm font-medium text-slate-900">
            Greeting
          </label>
          <textarea
            id={id}
            name="chatGreeting"
            rows={2}
            maxLength={maxLength}
            value={greeting}
            onChange={(event) => setGreeting(event.target.value)}
            className={inputClass}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          />
          <p id={`${id}-hint`} className="text-xs text-slate-600">
            Shown on the chat page and in the widget before someone writes: plain text, with line breaks made
            spaces, up to {maxLength} characters.
          </p>
          {error && (
            <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
              {error}
            </p>
          )}
        </div>
        <div className="space-y-1">
          <label htmlFor="field-chatReplyTime" className="block text-sm font-medium text-slate-900">
            Usual reply time
          </label>
          <select
            id="field-chatReplyTime"
            name="chatReplyTime"
            value={replyTime}
            onChange={(event) => setReplyTime(event.target.value as ReplyTime)}
            className={`${selectClass} w-full sm:w-auto`}
          >
            {REPLY_TIMES.map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </div>
        {outcome && !outcome.saved && !error && <FormError message={outcome.message} />}
      </div>
      <SaveBar pending={pending} saved={outcome?.saved === true} dirty={dirty} />
    </form>
  );
}
