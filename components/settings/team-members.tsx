"use client";

import { useState } from "react";
import { toast } from "sonner";
import {
  setMemberActiveAction,
  setMemberCustomerFacingAction,
  setMemberEmailOffAction,
  setMemberRoleAction,
} from "@/app/(app)/settings/actions";
import { selectClass } from "@/components/ui/field";
import type { MemberEntry } from "@/lib/people/directory";
import type { ActionResult } from "@/lib/server-action";
import { AccessButton } from "./people-access-button";
import { failureOf } from "./people-call";
import { PersonBadge, PersonRow } from "./people-row";

type Role = MemberEntry["role"];

/**
 * The workspace's team members, each with their role to change, whether they are customer-facing
 * and may be emailed, and, but for the admin themself, a button to deactivate or reactivate them. The server refuses to leave the workspace without an
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

  /** Saves a change to a member's role or switches, and shows it, or why it was refused. */
  const saveChange = async (
    member: MemberEntry,
    change: Partial<MemberEntry>,
    call: () => Promise<ActionResult<unknown>>,
    done: string,
  ) => {
    setSaving(member.id);
    const failure = await failureOf(call);
    setSaving(null);
    if (failure) {
      toast.error(failure);
      return;
    }
    update(member.id, change);
    toast.success(done);
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
                  onChange={(event) => {
                    const role = event.target.value as Role;
                    saveChange(
                      member,
                      { role },
                      () => setMemberRoleAction({ userId: member.id, role }),
                      `${member.name} is now ${role === "admin" ? "an admin" : "a member"}.`,
                    );
                  }}
                >
                  <option value="admin">Admin</option>
                  <option value="member">Member</option>
                </select>
                <MemberCheckbox
                  label="Customer-facing"
                  accessibleName={`${member.name} is customer-facing`}
                  checked={member.customerFacing}
                  disabled={saving === member.id}
                  onChange={(customerFacing) =>
                    saveChange(
                      member,
                      { customerFacing },
                      () => setMemberCustomerFacingAction({ userId: member.id, customerFacing }),
                      customerFacing
                        ? `${member.name} now sees every open customer conversation.`
                        : `${member.name} now sees only the customer conversations they take part in.`,
                    )
                  }
                />
                <MemberCheckbox
                  label="Email"
                  accessibleName={`Email ${member.name} about messages`}
                  checked={!member.emailOffByAdmin}
                  disabled={saving === member.id}
                  onChange={(on) =>
                    saveChange(
                      member,
                      { emailOffByAdmin: !on },
                      () => setMemberEmailOffAction({ userId: member.id, off: !on }),
                      on
                        ? `${member.name} gets emails again, as their own settings say.`
                        : `${member.name} gets no more emails about messages.`,
                    )
                  }
                />
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

/** A per-member switch on the team list: a labelled checkbox whose accessible name names the member. */
function MemberCheckbox({
  label,
  accessibleName,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  accessibleName: string;
  checked: boolean;
  disabled: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="flex items-center gap-1.5 text-sm text-slate-700">
      <input
        type="checkbox"
        aria-label={accessibleName}
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        className="size-4 accent-brand-600"
      />
      {label}
    </label>
  );
}
