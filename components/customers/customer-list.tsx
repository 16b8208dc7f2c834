"use client";

import { Search } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { listCustomersAction } from "@/app/(app)/customers/actions";
import { callAction } from "@/components/settings/people-call";
import { PersonBadge, PersonRow } from "@/components/settings/people-row";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { RelativeTime } from "@/components/ui/relative-time";
import type { CustomerEntry } from "@/lib/people/directory";
import { CustomerAccessButton } from "./customer-access-button";
import { CustomerFormDialog } from "./customer-form-dialog";

type Page = { rows: CustomerEntry[]; nextCursor: string | null };
/** What is on screen, and the search it answers ("" for every customer). */
type Shown = Page & { query: string };

/**
 * The workspace's customers, newest first, with a search, "Show more" and "Add customer". Each
 * leads to their own page, and has a button to revoke their access to the chat, or restore it. A search typed while another is on its way, or
 * while a page is loading, wins: the older answer is dropped.
 */
export function CustomerList({ initial }: { initial: Page }) {
  const [query, setQuery] = useState("");
  const [shown, setShown] = useState<Shown>({ ...initial, query: "" });
  const [searching, setSearching] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const searchId = useId();
  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (value: string) => {
    setQuery(value);
    clearTimeout(timer.current);
    const ticket = ++latest.current;
    const wanted = value.trim();
    setSearching(true);
    timer.current = setTimeout(async () => {
      const result = await callAction(() => listCustomersAction({ query: wanted || undefined }));
      if (ticket !== latest.current) return;
      setSearching(false);
      setLoadingMore(false);
      if (result.ok) {
        setShown({ ...result.data, query: wanted });
        setError(null);
      } else setError(result.message);
    }, 250);
  };

  const showMore = async () => {
    const { nextCursor, query: shownQuery } = shown;
    if (!nextCursor) return;
    const ticket = latest.current;
    setLoadingMore(true);
    const result = await callAction(() =>
      listCustomersAction({ query: shownQuery || undefined, cursor: nextCursor }),
    );
    if (ticket !== latest.current) return; // a search replaced the list meanwhile
    setLoadingMore(false);
    if (result.ok)
      setShown((list) => ({
        ...list,
        rows: [...list.rows, ...result.data.rows],
        nextCursor: result.data.nextCursor,
      }));
    else toast.error(result.message);
  };

  const added = (customer: { id: string; name: string; email: string | null }) => {
    setShown((list) => ({
      ...list,
      rows: [{ ...customer, revoked: false, blocked: false, createdAt: new Date() }, ...list.rows],
    }));
    toast.success(`${customer.name} is added.`);
  };

  const empty = shown.rows.length === 0;
  return (
    <div className="space-y-3">
      <div className="flex justify-end">
        <CustomerFormDialog onSaved={added} />
      </div>
      <div className="relative">
        <label htmlFor={searchId} className="sr-only">
          Search customers
        </label>
        <Search
          aria-hidden="true"
          className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-slate-500"
        />
        <input
          id={searchId}
          type="search"
          className={`${inputClass} pl-9`}
          placeholder="Search by name or email"
          value={query}
          onChange={(event) => search(event.target.value)}
        />
      </div>
      <p role="status" className="sr-only">
        {searching
          ? "Searching…"
          : `${shown.rows.length} ${shown.rows.length === 1 ? "customer" : "customers"} shown${shown.nextCursor ? ", more below" : ""}.`}
      </p>
      <FormError message={error} />
      {empty ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
          {shown.query
            ? `No customers match “${shown.query}”.`
            : "No customers yet. They appear when they start a chat or you write to them; or use Add customer."}
        </p>
      ) : (
        <ul
          aria-label="Customers"
          aria-busy={searching || undefined}
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
        >
          {shown.rows.map((customer) => (
            <PersonRow
              key={customer.id}
              name={customer.name}
              href={`/customers/${customer.id}`}
              email={customer.email ?? "No confirmed address"}
              detail={
                <>
                  {" · added "}
                  <RelativeTime date={customer.createdAt} />
                </>
              }
              badges={
                <>
                  {customer.email === null && <PersonBadge tone="off">Visitor</PersonBadge>}
                  {customer.blocked && <PersonBadge tone="off">Blocked</PersonBadge>}
                  {customer.revoked && <PersonBadge tone="off">Revoked</PersonBadge>}
                </>
              }
              action={
                <CustomerAccessButton
                  customer={customer}
                  onChange={(revoked) =>
                    setShown((list) => ({
                      ...list,
                      rows: list.rows.map((row) => (row.id === customer.id ? { ...row, revoked } : row)),
                    }))
                  }
                />
              }
            />
          ))}
        </ul>
      )}
      {shown.nextCursor && (
        <div className="flex justify-center">
          <Button variant="secondary" disabled={loadingMore || searching} onClick={showMore}>
            {loadingMore ? "Loading…" : "Show more"}
          </Button>
        </div>
      )}
    </div>
  );
}
