"use client";

import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { addParticipantsAction } from "@/app/(app)/messenger/actions";
import { PeoplePicker } from "./people-picker";

export function ConversationHeader({
  conversationId,
  people,
  meId,
  backHref,
  backLabel,
}: {
  conversationId: string;
  people: { id: string; name: string }[];
  meId: string;
  backHref: string;
  backLabel: string;
}) {
  const router = useRouter();
  const others = people.filter((person) => person.id !== meId);
  return (
    <header className="flex items-center gap-3 border-b border-slate-200 px-4 py-3">
      <Link
        href={backHref}
        aria-label={`Back to ${backLabel}`}
        className="rounded-md p-1 text-slate-600 hover:bg-slate-100 md:hidden"
      >
        <ArrowLeft aria-hidden="true" className="size-5" />
      </Link>
      <div className="min-w-0 flex-1">
        <h2 className="truncate text-base font-semibold text-slate-900">
          {others.map((p) => p.name).join(", ") || "Only you"}
        </h2>
        <p className="flex items-center gap-2 text-xs text-slate-600">
          <span className="rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700">Internal</span>
          <span className="truncate">
            <span className="sr-only">Participants: </span>
            {people.map((p) => (p.id === meId ? `${p.name} (you)` : p.name)).join(", ")}
          </span>
        </p>
      </div>
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
    </header>
  );
}
