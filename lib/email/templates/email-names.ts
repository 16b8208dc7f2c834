import { plainTextOr } from "@/lib/plain-text";

// Names reach emails from rows that may predate the plain-text rule on input, so every template
// cleans them again, and a name with nothing visible left gets one of these.

/** A person as an email names them: in the subject, over their messages, in the From name. */
export const personDisplayName = (name: string | null | undefined) => plainTextOr(name, "Someone");

/** A workspace as an email names it. */
export const workspaceDisplayName = (name: string | null | undefined) => plainTextOr(name, "the helpdesk");
