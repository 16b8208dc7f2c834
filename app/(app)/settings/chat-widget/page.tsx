import { ExternalLink } from "lucide-react";
import type { Metadata } from "next";
import { ChatGreetingForm } from "@/components/settings/chat-greeting-form";
import { CopyButton } from "@/components/settings/copy-button";
import { FrameSitesForm } from "@/components/settings/frame-sites-form";
import { IdentityVerification } from "@/components/settings/identity-verification";
import { getDb } from "@/db";
import { requireAdminPage } from "@/lib/auth/session";
import { getIdentitySecret } from "@/lib/chat/identity";
import { getEnv } from "@/lib/env";
import { getChatWidgetSettings } from "@/lib/settings/chat-frame-sites";
import { getChatGreeting, MAX_CHAT_GREETING } from "@/lib/settings/chat-greeting";
import { chatWidgetAddresses, IDENTITY_HASH_EXAMPLE, identitySnippet } from "@/lib/settings/chat-widget";

export const metadata: Metadata = { title: "Chat widget" };

const linkClass = "inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline";

/**
 * Admins only, like the other workspace pages: where customers chat, what the chat says first, how
 * a site signs in its users, and where the widget may be shown.
 */
export default async function ChatWidgetSettingsPage() {
  const actor = await requireAdminPage("/settings/notifications");
  const db = await getDb();
  const [{ slug, chatFrameAncestors }, greeting, identitySecret] = await Promise.all([
    getChatWidgetSettings(db, { actor }),
    getChatGreeting(db, { actor }),
    getIdentitySecret(db, { actor }),
  ]);
  const { APP_URL } = getEnv();
  const { chatPage, snippet } = chatWidgetAddresses(APP_URL, slug);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Chat widget</h1>
        <p className="mt-1 text-sm text-slate-600">
          Customers write to your team from your chat page, or from the chat button on your own site.
        </p>
      </div>

      <section aria-labelledby="chat-page-heading" className="space-y-3">
        <h2 id="chat-page-heading" className="font-semibold text-slate-900">
          Your chat page
        </h2>
        <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <p className="text-sm text-slate-600">
            Share this address, or link to it from your help pages. Anyone can write there at once; customers
            who chatted before sign in with their email address.
          </p>
          <code
            id="chat-page-address"
            className="block wrap-anywhere rounded-md bg-slate-100 px-3 py-2 font-mono text-sm text-slate-900"
          >
            {chatPage}
          </code>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <CopyButton text={chatPage} targetId="chat-page-address" label="Copy the chat page address" />
            <a href={chatPage} target="_blank" rel="noopener" className={linkClass}>
              Open the chat page
              <ExternalLink aria-hidden="true" className="size-4" />
            </a>
          </div>
        </div>
      </section>

      <section aria-labelledby="snippet-heading" className="space-y-3">
        <h2 id="snippet-heading" className="font-semibold text-slate-900">
          Add the widget to your site
        </h2>
        <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <p className="text-sm text-slate-600">
            Paste this line just before <code className="font-mono text-slate-800">&lt;/body&gt;</code> on
            every page that should show the chat button.
          </p>
          <pre className="whitespace-pre-wrap wrap-anywhere rounded-md bg-slate-900 px-3 py-2 text-sm leading-6 text-slate-100">
            <code id="widget-snippet">{snippet}</code>
          </pre>
          <CopyButton text={snippet} targetId="widget-snippet" label="Copy the script" />
        </div>
      </section>

      <section aria-labelledby="greeting-heading" className="space-y-3">
        <h2 id="greeting-heading" className="font-semibold text-slate-900">
          Greeting and reply time
        </h2>
        <ChatGreetingForm initial={greeting} maxLength={MAX_CHAT_GREETING} />
      </section>

      <section aria-labelledby="identity-heading" className="space-y-3">
        <h2 id="identity-heading" className="font-semibold text-slate-900">
          Identity verification
        </h2>
        <IdentityVerification
          secret={identitySecret}
          snippet={identitySnippet(APP_URL, slug)}
          example={IDENTITY_HASH_EXAMPLE}
        />
      </section>

      <section aria-labelledby="frame-sites-heading" className="space-y-3">
        <h2 id="frame-sites-heading" className="font-semibold text-slate-900">
          Where the widget may appear
        </h2>
        <FrameSitesForm initial={chatFrameAncestors} />
      </section>

      <section aria-labelledby="preview-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h2 id="preview-heading" className="font-semibold text-slate-900">
            Preview
          </h2>
          <a href={`/widget-demo?workspace=${slug}`} target="_blank" rel="noopener" className={linkClass}>
            Try the widget on a sample site
            <ExternalLink aria-hidden="true" className="size-4" />
          </a>
        </div>
        <p className="text-sm text-slate-600">
          Your chat page as customers see it in the widget&apos;s panel.
        </p>
        <div className="flex justify-center rounded-lg border border-slate-200 bg-slate-100 p-3 sm:p-6">
          {/*
            Same origin as this page, which the chat page's framing rule always allows ('self').
            A picture, not a second app inside this one: inert, so neither the keyboard nor a screen
            reader lands in it (its page's landmarks would repeat this page's); the links above
            open the real thing.
          */}
          <iframe
            title="Chat widget preview"
            inert
            src={`/chat/${slug}?embed=1`}
            className="h-[32rem] w-full max-w-sm rounded-xl border border-slate-200 bg-white shadow-lg"
          />
        </div>
      </section>
    </div>
  );
}
