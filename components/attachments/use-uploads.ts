"use client";

import { useRef, useState } from "react";
import { toast } from "sonner";
import type { AttachmentSummary } from "@/lib/attachments/file-kinds";

type Result<T> = { ok: true; data: T } | { ok: false; message: string };

/** Each side's two upload actions (the team's or the chat page's), for one thread. */
export type UploadActions = {
  conversationId: string;
  createUpload: (input: {
    conversationId: string;
    fileName: string;
    size: number;
  }) => Promise<Result<{ attachmentId: string; uploadUrl: string }>>;
  completeUpload: (input: { attachmentId: string }) => Promise<Result<AttachmentSummary>>;
};

/** A file picked for the next message, from the moment it is picked until that message is sent. */
export type Upload = {
  key: string;
  file: File;
  status: "uploading" | "ready" | "failed";
  /** 0 to 1, while the bytes go up. */
  progress: number;
  error?: string;
  attachment?: AttachmentSummary;
};

/**
 * The files of the message being written: each uploads as soon as it is picked (ask, send the
 * bytes with progress, have them checked), so sending is instant. A refused file says why in a
 * toast and stays as a chip until removed; a failed one can be retried.
 */
export function useUploads(actions: UploadActions | undefined) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const nextKey = useRef(0);
  const update = (key: string, change: Partial<Upload>) =>
    setUploads((list) => list.map((item) => (item.key === key ? { ...item, ...change } : item)));

  const run = async (key: string, file: File) => {
    if (!actions) return;
    update(key, { status: "uploading", progress: 0, error: undefined });
    const fail = (message: string) => {
      update(key, { status: "failed", error: message });
      toast.error(message);
    };
    try {
      const created = await actions.createUpload({
        conversationId: actions.conversationId,
        fileName: file.name,
        size: file.size,
      });
      if (!created.ok) return fail(created.message);
      await putWithProgress(created.data.uploadUrl, file, (progress) => update(key, { progress }));
      const completed = await actions.completeUpload({ attachmentId: created.data.attachmentId });
      if (!completed.ok) return fail(completed.message);
      update(key, { status: "ready", progress: 1, attachment: completed.data });
    } catch {
      fail(`${file.name} could not be uploaded. Check your connection and retry.`);
    }
  };

  return {
    uploads,
    add(files: File[]) {
      const added = files.map((file) => ({ key: `u${nextKey.current++}`, file }));
      setUploads((list) => [
        ...list,
        ...added.map(({ key, file }): Upload => ({ key, file, status: "uploading", progress: 0 })),
      ]);
      for (const { key, file } of added) void run(key, file);
    },
    retry(key: string) {
      const item = uploads.find((upload) => upload.key === key);
      if (item) void run(key, item.file);
    },
    remove(key: string) {
      setUploads((list) => list.filter((item) => item.key !== key));
    },
    clear() {
      setUploads([]);
    },
    ready: uploads.flatMap((item) => (item.attachment && item.status === "ready" ? [item.attachment] : [])),
    /** Still uploading, or failed and neither retried nor removed: the message waits. */
    unsettled: uploads.some((item) => item.status !== "ready"),
  };
}

/** A PUT that reports its progress (fetch cannot, yet). */
function putWithProgress(url: string, file: File, onProgress: (fraction: number) => void) {
  return new Promise<void>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("PUT", url);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () =>
      request.status >= 200 && request.status < 300 ? resolve() : reject(new Error(`HTTP ${request.status}`));
    request.onerror = () => reject(new Error("network"));
    request.send(file);
  });
}
