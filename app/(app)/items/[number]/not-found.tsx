import Link from "next/link";

export default function ItemNotFound() {
  return (
    <div className="flex h-full flex-col items-center justify-center gap-2 p-8 text-center">
      <h1 className="text-lg font-semibold text-slate-900">Item not found</h1>
      <p className="max-w-sm text-sm text-slate-600">There is no ticket or task with this number here.</p>
      <Link href="/items" className="mt-2 text-sm font-medium text-brand-700 hover:underline">
        Back to items
      </Link>
    </div>
  );
}
