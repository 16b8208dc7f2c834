"use client";

import { Button, buttonClass } from "./button";
import { StatusPage } from "./status-page";

/**
 * What app/error.tsx and app/global-error.tsx show. "Try again" renders the page once more; the
 * link is a plain one, so the whole app loads afresh, whatever state broke it.
 */
export function ErrorContent({ digest, retry }: { digest?: string; retry: () => void }) {
  return (
    <StatusPage
      title="Something went wrong"
      actions={
        <>
          <Button onClick={retry}>Try again</Button>
          <a href="/messenger" className={buttonClass("secondary")}>
            Go to the messenger
          </a>
        </>
      }
    >
      <p>This page could not be shown. Try again, or go back to the messenger.</p>
      {digest && <p className="text-xs text-slate-500">Reference for support: {digest}</p>}
    </StatusPage>
  );
}

export const ERROR_TITLE = "Something went wrong · Helpdesk Messenger";
