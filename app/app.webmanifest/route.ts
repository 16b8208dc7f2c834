import type { MetadataRoute } from "next";

/**
 * The messenger as an app on a phone's home screen or a desktop (issue 17): linked from the team's
 * pages only (app/(app)/layout.tsx), not from the customers' chat page, which is not this app.
 */
const manifest: MetadataRoute.Manifest = {
  name: "Helpdesk Messenger",
  short_name: "Messenger",
  description: "Talk with your team and your customers.",
  id: "/messenger",
  start_url: "/messenger",
  scope: "/",
  display: "standalone",
  background_color: "#ffffff",
  theme_color: "#4f46e5",
  icons: [
    { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
    { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
    { src: "/icons/maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
    { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
  ],
};

export function GET() {
  return new Response(JSON.stringify(manifest), {
    headers: { "Content-Type": "application/manifest+json", "Cache-Control": "public, max-age=3600" },
  });
}
