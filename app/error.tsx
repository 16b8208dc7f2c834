"use client";

import { useEffect } from "react";
import { ERROR_TITLE, ErrorContent } from "@/components/ui/error-content";

/** A page below the root layout that failed to render. */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => console.error(error), [error]);
  return (
    <>
      <title>{ERROR_TITLE}</title>
      <ErrorContent digest={error.digest} retry={reset} />
    </>
  );
}
