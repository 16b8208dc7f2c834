import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { SkipLink } from "@/components/ui/skip-link";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Helpdesk Messenger", template: "%s · Helpdesk Messenger" },
  description: "Talk with your team and your customers, on every channel, exactly once.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: Next stamps its scripts with the nonce of that request's
  // Content Security Policy (proxy.ts), and a page prerendered at build time has none to stamp.
  await connection();
  return (
    <html lang="en">
      <body>
        <SkipLink />
        {children}
      </body>
    </html>
  );
}
