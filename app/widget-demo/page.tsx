import type { Metadata } from "next";
import Script from "next/script";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { widgetDemoQuery } from "@/lib/chat/chat-params";
import { getEnv } from "@/lib/env";
import { chatWidgetAddresses } from "@/lib/settings/chat-widget";

export const metadata: Metadata = { title: "Widget demo" };

const products = [
  { name: "Sprocket", price: "$12", blurb: "Our classic. Turns things that need turning." },
  { name: "Gizmo Pro", price: "$49", blurb: "Everything the Gizmo does, with a second button." },
  { name: "Doohickey", price: "$7", blurb: "Small, shiny, and surprisingly useful." },
];

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
    <div className="min-h-full bg-white">
      <header className="border-b border-slate-200">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-6 py-4">
          <span className="flex items-center gap-2 whitespace-nowrap text-lg font-bold tracking-tight text-slate-900">
            <span aria-hidden="true" className="size-6 rotate-45 rounded-md bg-amber-400" />
            Acme Widgets
          </span>
          <nav
            aria-label="Acme Widgets"
            className="flex gap-4 whitespace-nowrap text-sm font-medium text-slate-600 sm:gap-6"
          >
            <a href="#products" className="hidden hover:text-slate-900 sm:inline">
              Products
            </a>
            <a href="#embed" className="hover:text-slate-900">
              Add the widget
            </a>
          </nav>
        </div>
      </header>

      <main id="main" tabIndex={-1} className="mx-auto focus:outline-none max-w-5xl px-6 pt-12 pb-28">
        <h1 className="text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">
          Acme Widgets <span className="font-medium text-slate-500">— a pretend customer site</span>
        </h1>
        <p className="mt-4 max-w-2xl text-base leading-7 text-slate-600">
          This page embeds the chat widget exactly as a customer&apos;s site would: with one script tag and
          nothing else. Open the chat with the button in the bottom-right corner to talk to the{" "}
          <strong className="font-semibold text-slate-900">{slug}</strong> workspace&apos;s team.
        </p>

        <section id="products" aria-labelledby="products-heading" className="mt-12">
          <h2 id="products-heading" className="text-lg font-semibold text-slate-900">
            Products
          </h2>
          <ul className="mt-4 grid gap-4 sm:grid-cols-3">
            {products.map((product) => (
              <li key={product.name} className="rounded-xl border border-slate-200 bg-slate-50 p-5">
                <div className="flex items-baseline justify-between gap-2">
                  <h3 className="font-semibold text-slate-900">{product.name}</h3>
                  <span className="text-sm font-medium text-slate-600">{product.price}</span>
                </div>
                <p className="mt-2 text-sm text-slate-600">{product.blurb}</p>
              </li>
            ))}
          </ul>
        </section>

        <section
          id="embed"
          aria-labelledby="embed-heading"
          className="mt-12 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
        >
          <h2 id="embed-heading" className="text-lg font-semibold text-slate-900">
            Add the chat widget to your site
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Paste this snippet just before <code className="font-mono text-slate-800">&lt;/body&gt;</code> on
            every page that should show the chat button.
          </p>
          <pre className="mt-4 whitespace-pre-wrap break-all rounded-lg bg-slate-900 p-4 text-sm leading-6 text-slate-100">
            <code>{snippet}</code>
          </pre>

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
        </section>
      </main>

      <footer className="border-t border-slate-200">
        <p className="mx-auto max-w-5xl px-6 py-6 text-sm text-slate-500">
          © Acme Widgets. Not a real company.
        </p>
      </footer>

      <Script src="/widget.js" data-workspace={slug} strategy="afterInteractive" />
    </div>
  );
}
