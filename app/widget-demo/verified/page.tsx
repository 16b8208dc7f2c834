import type { Metadata } from "next";
import { z } from "zod";
import { DemoCode, DemoSite } from "@/components/widget-demo/demo-site";
import { getDb } from "@/db";
import { demoSiteIdentity } from "@/lib/chat/identity";
import { getEnv } from "@/lib/env";
import { IDENTITY_HASH_EXAMPLE, identitySnippet } from "@/lib/settings/chat-widget";

export const metadata: Metadata = { title: "Widget demo: a signed-in user" };

// Signs with the demo workspace's current secret, read on every request.
export const dynamic = "force-dynamic";

const query = z.object({ forged: z.literal("1").optional().catch(undefined) });

const linkClass = "font-medium text-brand-700 hover:underline";

/**
 * The pretend customer site with its user Dana Diaz signed in: its server signs her id with the
 * demo workspace's identity secret, so the widget opens signed in as her, with her conversations.
 * `?forged=1` signs it with another key: the widget must fall back to a visitor's chat.
 */
export default async function VerifiedWidgetDemoPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, unknown>>;
}) {
  const forged = query.parse(await searchParams).forged === "1";
  const demo = await demoSiteIdentity(await getDb(), { forged });
  if (!demo)
    return (
      <DemoSite
        intro={
          <p>
            This demo needs the demo workspace <strong className="font-semibold text-slate-900">acme</strong>{" "}
            with its customer Dana Diaz, and this database does not have them. Run{" "}
            <code className="font-mono text-slate-800">npm run db:seed</code> to add them, then reload.
          </p>
        }
        embedTitle="Identity verification"
        widget={null}
      >
        <p className="mt-1 text-sm text-slate-600">
          The widget is not shown.{" "}
          <a href="/widget-demo" className={linkClass}>
            The plain widget demo
          </a>{" "}
          works with any workspace.
        </p>
      </DemoSite>
    );

  const { slug, identity } = demo;
  return (
    <DemoSite
      siteUser={identity.name}
      intro={
        forged ? (
          <>
            <p>
              {identity.name} is signed in on this site, but this page passes her identity to the widget{" "}
              <strong className="font-semibold text-slate-900">with a forged signature</strong>: one not made
              with the <strong className="font-semibold text-slate-900">{slug}</strong> workspace&apos;s
              secret.
            </p>
            <p>
              The chat cannot verify it, so it opens as it does for any visitor, without her conversations.{" "}
              <a href="/widget-demo/verified" className={linkClass}>
                See it with a valid signature
              </a>
              .
            </p>
          </>
        ) : (
          <>
            <p>
              You are <strong className="font-semibold text-slate-900">signed in as {identity.name}</strong>{" "}
              on this site. Its server signs her user id with the{" "}
              <strong className="font-semibold text-slate-900">{slug}</strong> workspace&apos;s identity
              secret and passes it to the widget.
            </p>
            <p>
              Open the chat with the button in the bottom-right corner: it is already signed in as{" "}
              {identity.name}, with her conversations, and no email to confirm.{" "}
              <a href="/widget-demo/verified?forged=1" className={linkClass}>
                Try a forged signature
              </a>
              .
            </p>
          </>
        )
      }
      embedTitle="How this page adds the widget"
      widget={{
        "data-workspace": slug,
        "data-user-id": identity.id,
        "data-user-email": identity.email,
        "data-user-name": identity.name,
        "data-user-hash": identity.hash,
      }}
    >
      <p className="mt-1 text-sm text-slate-600">
        The usual script tag, with the signed-in user&apos;s id, email and name, and the signature of the id.
      </p>
      <DemoCode>{identitySnippet(getEnv().APP_URL, slug, identity)}</DemoCode>
      <p className="mt-6 text-sm text-slate-600">
        The server computes the signature with the secret an admin finds at Settings → Chat widget:
      </p>
      <DemoCode>{IDENTITY_HASH_EXAMPLE}</DemoCode>
    </DemoSite>
  );
}
