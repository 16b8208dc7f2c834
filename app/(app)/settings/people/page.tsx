import { permanentRedirect } from "next/navigation";

/** The customers moved to their own top-level page; old links and bookmarks land there. */
export default function PeopleSettingsPage() {
  permanentRedirect("/customers");
}
