import type { Metadata } from "next";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { DemoCode, DemoSite } from "@/components/widget-demo/demo-site";
import { widgetDemoQuery } from "@/lib/chat/chat-params";
import { getEnv } from "@/lib/env";
import { chatWidgetAddresses } from "@/lib/settings/chat-widget";

export const metadata: Metadata = { title: "Widget demo" };

/**
 * A pretend customer's website that embeds the chat widget with its one script tag, exactly as a
 * customer's site would. `?workspace=<slug>` demos another workspace.
 */
export default async function WidgetDemoPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, unknown>>;
}) {
  const { workspace: slug } = widgetDemoQuery.parse(await searchParams);
  const { snippet } = chatWidgetAddresses(getEnv().APP_URL, slug);

  return (
    <DemoSite
      intro={
        <p>
          This page embeds the chat widget exactly as a customer&apos;s site would: with one script tag and
          nothing else. Open the chat with the button in the bottom-right corner to talk to the{" "}
          <strong className="font-semibold text-slate-900">{slug}</strong> workspace&apos;s team.
        </p>
      }
      embedTitle="Add the chat widget to your site"
      widget={{ "data-workspace": slug }}
    >
      <p className="mt-1 text-sm text-slate-600">
        Paste this snippet just before <code className="font-mono text-slate-800">&lt;/body&gt;</code> on
        every page that should show the chat button.
      </p>
      <DemoCode>{snippet}</DemoCode>

      <form method="get" action="/widget-demo" className="mt-6 flex flex-wrap items-end gap-3">
        <div className="w-48 sm:w-56">
          <Field
            label="Demo another workspace"
            name="workspace"
            defaultValue={slug}
            required
            pattern="[A-Za-z0-9\-]{1,64}"
            title="A workspace slug: letters, digits and hyphens"
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <Button type="submit" variant="secondary">
          Show
        </Button>
      </form>
      <p className="mt-6 text-sm text-slate-600">
        Does your site have signed-in users?{" "}
        <a href="/widget-demo/verified" className="font-medium text-brand-700 hover:underline">
          See the widget sign one in with identity verification
        </a>
        .
      </p>
    </DemoSite>
  );
}
