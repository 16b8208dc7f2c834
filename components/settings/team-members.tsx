"use client";

import { useState } from "react";
import { toast } from "sonner";
import { setMemberActiveAction, setMemberRoleAction } from "@/app/(app)/settings/actions";
import { selectClass } from "@/components/ui/field";
import type { MemberEntry } from "@/lib/people/directory";
import { AccessButton } from "./people-access-button";
import { failureOf } from "./people-call";
import { PersonBadge, PersonRow } from "./people-row";

type Role = MemberEntry["role"];

/**
 * The workspace's team members, each with their role to change and, but for the admin themself, a
 * button to deactivate or reactivate them. The server refuses to leave the workspace without an
 * active admin; the refusal is shown as it says.
 */
export function TeamMembers({
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
  const [saving, setSaving] = useState<string | null>(null);
  const update = (id: string, change: Partial<MemberEntry>) =>
    setMembers((list) => list.map((m) => (m.id === id ? { ...m, ...change } : m)));

  const setActive = async (member: MemberEntry, active: boolean) => {
    const failure = await failureOf(() => setMemberActiveAction({ userId: member.id, active }));
    if (failure) return failure;
    update(member.id, { deactivated: !active });
    toast.success(
      active
        ? `${member.name} is active again and can sign in.`
        : `${member.name} is deactivated and signed out everywhere.`,
    );
    return null;
  };

  const setRole = async (member: MemberEntry, role: Role) => {
    setSaving(member.id);
    const failure = await failureOf(() => setMemberRoleAction({ userId: member.id, role }));
    setSaving(null);
    if (failure) {
      toast.error(failure);
      return;
    }
    update(member.id, { role });
    toast.success(`${member.name} is now ${role === "admin" ? "an admin" : "a member"}.`);
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
                {member.deactivated && <PersonBadge tone="off">Deactivated</PersonBadge>}
              </>
            }
            action={
              <div className="flex flex-wrap items-center gap-2">
                <select
                  aria-label={`Role of ${member.name}`}
                  className={selectClass}
                  value={member.role}
                  disabled={saving === member.id}
                  onChange={(event) => setRole(member, event.target.value as Role)}
                >
                  <option value="admin">Admin</option>
                  <option value="member">Member</option>
                </select>
                {member.id !== meId &&
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
                  ))}
              </div>
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
