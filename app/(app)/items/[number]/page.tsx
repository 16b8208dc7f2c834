import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ItemPageLayout } from "@/components/items/item-page-layout";
import { getDb } from "@/db";
import { requireTeamActor } from "@/lib/auth/session";
import { getItem } from "@/lib/items/get-item";
import { itemRef } from "@/lib/items/item-fields";
import { listActiveTeamMembers } from "@/lib/people/team-members";
import { getItemDefaultVisibility } from "@/lib/settings/workspace-settings";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ number: string }>;
}): Promise<Metadata> {
  return { title: `Item ${itemRef(Number((await params).number) || 0)}` };
}

export default async function ItemPage({ params }: { params: Promise<{ number: string }> }) {
  const actor = await requireTeamActor();
  const { number } = await params;
  // Only digits name an item; anything else (or a number past what Postgres holds) is a 404.
  if (!/^\d{1,10}$/.test(number)) notFound();
  const db = await getDb();
  const [page, team, defaultVisibility] = await Promise.all([
    getItem(db, { actor, number: Number(number) }),
    listActiveTeamMembers(db, { actor }),
    getItemDefaultVisibility(db, { actor }),
  ]);
  if (!page) notFound();
  return <ItemPageLayout page={page} team={team} actor={actor} defaultVisibility={defaultVisibility} />;
}
