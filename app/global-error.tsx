"use client";

import { useEffect } from "react";
import { ERROR_TITLE, ErrorContent } from "@/components/ui/error-content";
import "./globals.css";

/** The root layout itself failed: this page replaces it, so it brings its own <html> and styles. */
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => console.error(error), [error]);
  return (
    <html lang="en">
      <body>
        <title>{ERROR_TITLE}</title>
        <ErrorContent digest={error.digest} retry={reset} />
      </body>
    </html>
  );
}
