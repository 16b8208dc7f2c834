import { SearchX } from "lucide-react";

export default function ChatConversationNotFound() {
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-2 p-8 text-center">
      <SearchX aria-hidden="true" className="size-10 text-slate-300" />
      <h2 className="font-semibold text-slate-900">Conversation not found</h2>
      <p className="max-w-xs text-sm text-slate-600">
        It does not exist, or it is not one of yours. Go back to see your conversations.
      </p>
    </div>
  );
}
