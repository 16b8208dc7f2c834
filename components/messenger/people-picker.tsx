"use client";

import { UserPlus } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import type { TeamMemberOption } from "@/lib/people/team-members";
import type { PeoplePickerOptions, Pickable } from "./people-picker-dialog";

const loadDialog = () => import("./people-picker-dialog");
// Cast back to the generic component that lazy() forgets.
const PeoplePickerDialog = lazy(() =>
  loadDialog().then((module) => ({ default: module.PeoplePickerDialog })),
) as unknown as typeof import("./people-picker-dialog").PeoplePickerDialog;

/**
 * "Add people": the button, and the dialog it opens to pick teammates (people-picker-dialog.tsx).
 * The dialog's code (with Radix Dialog, about 15 kB gzip) is fetched when the pointer or the focus
 * comes to the button, so the pages that show it, a new conversation's among them, do not
 * download it up front. A press made before it has arrived opens the dialog once it has.
 */
export function PeoplePicker<T extends Pickable = TeamMemberOption>(options: PeoplePickerOptions<T>) {
  const [open, setOpen] = useState(false);
  const title = options.title ?? "Add people";
  return (
    <>
      <Button
        variant="secondary"
        aria-haspopup="dialog"
        aria-expanded={open}
        onPointerEnter={() => void loadDialog()}
        onFocus={() => void loadDialog()}
        onClick={() => setOpen(true)}
      >
        <UserPlus aria-hidden="true" className="size-4" />
        {/* Icon only on a phone, where the conversation's name needs the room. */}
        <span className="sr-only sm:not-sr-only">{title}</span>
      </Button>
      {open && (
        <Suspense fallback={null}>
          <PeoplePickerDialog {...options} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
