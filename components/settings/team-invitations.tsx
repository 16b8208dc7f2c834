"use client";

import { UserPlus } from "lucide-react";
import { useId, useState, useTransition } from "react";
import { toast } from "sonner";
import {
  inviteMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
} from "@/app/(app)/settings/actions";
import { Button } from "@/components/ui/button";
import { DialogFormButtons, DialogShell } from "@/components/ui/dialog-shell";
import { Field, selectClass } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import type { PendingInvitation } from "@/lib/team/invitations";
import { AccessButton } from "./people-access-button";
import { callAction, failureOf } from "./people-call";
import { PersonBadge } from "./people-row";

const dateFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric" });

/**
 * The team's pending invitations, newest first, and the Invite member dialog. Each can be sent
 * again (a new link; the old one stops working) or revoked.
 */
export function TeamInvitations({ initial }: { initial: PendingInvitation[] }) {
  const [invitations, setInvitations] = useState(initial);
  // A new invitation to an address replaces its pending one, on the server and here.
  const put = (invitation: PendingInvitation, replacing = invitation.email) =>
    setInvitations((list) => [
      invitation,
      ...list.filter((i) => i.email !== replacing && i.id !== invitation.id),
    ]);

  const resend = async (invitation: PendingInvitation) => {
    const result = await callAction(() => resendInvitationAction({ invitationId: invitation.id }));
    if (!result.ok) return result.message;
    setInvitations((list) => [result.data, ...list.filter((i) => i.id !== invitation.id)]);
    toast.success(`A new invitation is on its way to ${invitation.email}. The earlier link no longer works.`);
    return null;
  };
  const revoke = async (invitation: PendingInvitation) => {
    const failure = await failureOf(() => revokeInvitationAction({ invitationId: invitation.id }));
    if (failure) return failure;
    setInvitations((list) => list.filter((i) => i.id !== invitation.id));
    toast.success(`The invitation to ${invitation.email} is revoked.`);
    return null;
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 id="invitations-heading" className="text-base font-semibold text-slate-900">
            Pending invitations
          </h2>
          <p className="mt-1 text-sm text-slate-600">Each link works once, for 7 days.</p>
        </div>
        <InviteDialog onInvited={(invitation) => put(invitation)} />
      </div>
      {invitations.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
          No pending invitations. Use Invite member to add someone to the team.
        </p>
      ) : (
        <ul
          aria-labelledby="invitations-heading"
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
        >
          {invitations.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3">
              <div className="min-w-0 flex-1 basis-48">
                <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <span className="truncate text-sm font-medium text-slate-900">{invitation.email}</span>
                  <PersonBadge tone="neutral">{invitation.role === "admin" ? "Admin" : "Member"}</PersonBadge>
                  {invitation.expired && <PersonBadge tone="off">Expired</PersonBadge>}
                </p>
                <p className="text-sm text-slate-600">
                  {invitation.expired ? "Expired on" : "Expires on"}{" "}
                  {dateFormat.format(new Date(invitation.expiresAt))}
                </p>
              </div>
              <div className="ml-auto flex shrink-0 flex-wrap gap-2">
                <AccessButton
                  label="Send again"
                  accessibleName={`Send again to ${invitation.email}`}
                  run={() => resend(invitation)}
                  onFailure={toast.error}
                />
                <AccessButton
                  label="Revoke"
                  accessibleName={`Revoke the invitation to ${invitation.email}`}
                  confirm={{
                    title: `Revoke the invitation to ${invitation.email}?`,
                    description: "Its link stops working at once. You can invite the address again later.",
                    confirmLabel: "Revoke",
                  }}
                  run={() => revoke(invitation)}
                  onFailure={toast.error}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The Invite member button and its dialog: Email, Role, Send invitation. A refusal stays in the dialog. */
function InviteDialog({ onInvited }: { onInvited: (invitation: PendingInvitation) => void }) {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"admin" | "member">("member");
  const [error, setError] = useState<{ message: string; email?: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const roleId = useId();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await callAction(() => inviteMemberAction({ email, role }));
      if (!result.ok) {
        setError({ message: result.message, email: result.fieldErrors?.email?.[0] });
        return;
      }
      onInvited(result.data);
      toast.success(`Invitation sent to ${result.data.email}.`);
      setOpen(false);
      setEmail("");
      setRole("member");
      setError(null);
    });
  };

  return (
    <DialogShell
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        setError(null);
      }}
      trigger={
        <Button>
          <UserPlus aria-hidden="true" className="size-4" />
          Invite member
        </Button>
      }
      title="Invite a team member"
      description="They get an email with a link to choose their name and a password. The link works once, for 7 days."
    >
      <form onSubmit={submit} className="mt-4 space-y-4" noValidate>
        <FormError message={error && !error.email ? error.message : undefined} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={error?.email}
        />
        <div className="space-y-1">
          <label htmlFor={roleId} className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <select
            id={roleId}
            name="role"
            className={`block w-full ${selectClass}`}
            value={role}
            onChange={(event) => setRole(event.target.value as "admin" | "member")}
          >
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <DialogFormButtons
          pending={pending}
          onCancel={() => setOpen(false)}
          label="Send invitation"
          pendingLabel="Sending…"
        />
      </form>
    </DialogShell>
  );
}
