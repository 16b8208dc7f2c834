"use client";

import { useState } from "react";
import { toast } from "sonner";
import { setMemberActiveAction } from "@/app/(app)/settings/actions";
import type { MemberEntry } from "@/lib/people/directory";
import { AccessButton } from "./people-access-button";
import { failureOf } from "./people-call";
import { PersonBadge, PersonRow } from "./people-row";

/** The workspace's team members, each but the admin themself with a button to deactivate or reactivate. */
export function PeopleMembers({
  initial,
  meId,
  more,
  limit,
}: {
  initial: MemberEntry[];
  meId: string;
  /** Some members were left out past `limit`. */
  more: boolean;
  limit: number;
}) {
  const [members, setMembers] = useState(initial);
  const setActive = async (member: MemberEntry, active: boolean) => {
    const failure = await failureOf(() => setMemberActiveAction({ userId: member.id, active }));
    if (failure) return failure;
    setMembers((list) => list.map((m) => (m.id === member.id ? { ...m, deactivated: !active } : m)));
    toast.success(
      active
        ? `${member.name} is active again and can sign in.`
        : `${member.name} is deactivated and signed out everywhere.`,
    );
    return null;
  };
  return (
    <>
      <ul
        aria-label="Team members"
        className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
      >
        {members.map((member) => (
          <PersonRow
            key={member.id}
            name={member.name}
            email={member.email}
            badges={
              <>
                {member.id === meId && <PersonBadge tone="neutral">You</PersonBadge>}
                <PersonBadge tone="neutral">{member.role === "admin" ? "Admin" : "Member"}</PersonBadge>
                {member.deactivated && <PersonBadge tone="off">Deactivated</PersonBadge>}
              </>
            }
            action={
              member.id !== meId &&
              (member.deactivated ? (
                <AccessButton
                  label="Reactivate"
                  accessibleName={`Reactivate ${member.name}`}
                  run={() => setActive(member, true)}
                  onFailure={toast.error}
                />
              ) : (
                <AccessButton
                  label="Deactivate"
                  accessibleName={`Deactivate ${member.name}`}
                  confirm={{
                    title: `Deactivate ${member.name}?`,
                    description: `${member.name} is signed out everywhere at once and can no longer sign in or receive messages. You can reactivate them later.`,
                    confirmLabel: "Deactivate",
                  }}
                  run={() => setActive(member, false)}
                  onFailure={toast.error}
                />
              ))
            }
          />
        ))}
      </ul>
      {more && (
        <p className="text-sm text-slate-600">
          Only the first {limit.toLocaleString("en-US")} members, by name, are shown here.
        </p>
      )}
    </>
  );
}
