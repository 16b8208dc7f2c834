import Link from "next/link";

export default function ConversationNotFound() {
  return (
    <div className="flex h-full flex-col items-center justify-center gap-2 p-8 text-center">
      <h1 className="text-lg font-semibold text-slate-900">Conversation not found</h1>
      <p className="max-w-sm text-sm text-slate-600">
        It does not exist, or you are not one of its participants.
      </p>
      <Link href="/messenger" className="mt-2 text-sm font-medium text-brand-700 hover:underline">
        Back to the messenger
      </Link>
    </div>
  );
}
