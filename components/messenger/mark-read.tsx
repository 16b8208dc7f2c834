"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { markReadAction } from "@/app/(app)/messenger/actions";

/**
 * Marks the conversation read up to `seq`, but only while this tab is visible: a conversation
 * left open in a background tab has not been seen. Refreshes so the badge and list follow.
 */
export function MarkRead({
  conversationId,
  seq,
  lastReadSeq,
}: {
  conversationId: string;
  seq: number;
  lastReadSeq: number;
}) {
  const router = useRouter();
  useEffect(() => {
    if (seq <= lastReadSeq) return;
    let done = false;
    const markIfVisible = async () => {
      if (done || document.visibilityState !== "visible") return;
      done = true;
      const result = await markReadAction({ conversationId, seq });
      if (result.ok) router.refresh();
    };
    void markIfVisible();
    document.addEventListener("visibilitychange", markIfVisible);
    return () => document.removeEventListener("visibilitychange", markIfVisible);
  }, [conversationId, seq, lastReadSeq, router]);
  return null;
}
