import { CircleUserRound } from "lucide-react";
import Script from "next/script";
import type { ReactNode } from "react";

const products = [
  { name: "Sprocket", price: "$12", blurb: "Our classic. Turns things that need turning." },
  { name: "Gizmo Pro", price: "$49", blurb: "Everything the Gizmo does, with a second button." },
  { name: "Doohickey", price: "$7", blurb: "Small, shiny, and surprisingly useful." },
];

/** The chat widget's script tag attributes, exactly as a customer's site writes them. */
export type WidgetTag = {
  "data-workspace": string;
  "data-user-id"?: string;
  "data-user-email"?: string;
  "data-user-name"?: string;
  "data-user-hash"?: string;
};

/**
 * Acme Widgets, a pretend customer's website, for the widget demos: its header (with the site's
 * signed-in user, if any), the page's title and `intro`, a few products, then a section on adding
 * the widget (`embedTitle`, `children`), and the chat widget included with one script tag
 * (`widget`), or none.
 */
export function DemoSite({
  intro,
  siteUser,
  widget,
  embedTitle,
  children,
}: {
  intro: ReactNode;
  embedTitle: string;
  /** The name of whoever is signed in to Acme Widgets' own site. */
  siteUser?: string;
  widget: WidgetTag | null;
  children: ReactNode;
}) {
  return (
    <div className="min-h-full bg-white">
      <header className="border-b border-slate-200">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-6 py-4">
          <span className="flex items-center gap-2 whitespace-nowrap text-lg font-bold tracking-tight text-slate-900">
            <span aria-hidden="true" className="size-6 rotate-45 rounded-md bg-amber-400" />
            Acme Widgets
          </span>
          <nav
            aria-label="Acme Widgets"
            className="flex items-center gap-4 whitespace-nowrap text-sm font-medium text-slate-600 sm:gap-6"
          >
            <a href="#products" className="hidden hover:text-slate-900 sm:inline">
              Products
            </a>
            <a href="#embed" className="hover:text-slate-900">
              Add the widget
            </a>
            {siteUser && (
              <span className="flex items-center gap-1.5 text-slate-800">
                <CircleUserRound aria-hidden="true" className="size-5 text-slate-500" />
                {siteUser}
              </span>
            )}
          </nav>
        </div>
      </header>

      <main id="main" tabIndex={-1} className="mx-auto focus:outline-none max-w-5xl px-6 pt-12 pb-28">
        <h1 className="text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">
          Acme Widgets <span className="font-medium text-slate-500">— a pretend customer site</span>
        </h1>
        <div className="mt-4 max-w-2xl space-y-3 text-base leading-7 text-slate-600">{intro}</div>

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
            {embedTitle}
          </h2>
          {children}
        </section>
      </main>

      <footer className="border-t border-slate-200">
        <p className="mx-auto max-w-5xl px-6 py-6 text-sm text-slate-500">
          © Acme Widgets. Not a real company.
        </p>
      </footer>

      {widget && <Script src="/widget.js" strategy="afterInteractive" {...widget} />}
    </div>
  );
}

/** A snippet of code on the demo site, as the reader would paste it. */
export function DemoCode({ children }: { children: string }) {
  return (
    <pre className="mt-4 whitespace-pre-wrap break-all rounded-lg bg-slate-900 p-4 text-sm leading-6 text-slate-100">
      <code>{children}</code>
    </pre>
  );
}
