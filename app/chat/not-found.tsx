import { StatusPage } from "@/components/ui/status-page";

/**
 * A chat address whose workspace does not exist, on the chat page or in a widget embedded with a
 * wrong data-workspace. Here, one level above app/chat/[slug]/, because it is that segment's
 * layout that finds no workspace and calls notFound(), and a segment's own not-found only catches
 * what its children throw (that layout names the page "Chat not available"). For customers, so no
 * way into the team's app.
 */
export default function ChatNotFound() {
  return (
    <StatusPage title="This chat isn’t available">
      <p>The address may be mistyped, or this team no longer offers chat here.</p>
      <p>If a website sent you here, please let its owner know.</p>
    </StatusPage>
  );
}
