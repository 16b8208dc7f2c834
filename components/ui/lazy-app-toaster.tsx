"use client";

import dynamic from "next/dynamic";

/**
 * AppToaster, fetched only where it is rendered: the chat layout's client components are fetched
 * with every chat page, and a new visitor, who has none of the chat's toasts, would download sonner
 * (about 10 kB gzip) for nothing. A leaf, so nothing else on the page waits for it to hydrate.
 */
export const LazyAppToaster = dynamic(() => import("./app-toaster").then((module) => module.AppToaster));
