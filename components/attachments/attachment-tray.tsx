"use client";

import clsx from "clsx";
import { AlertCircle, FileText, Paperclip, RotateCw, X } from "lucide-react";
import { useRef } from "react";
import { formatFileSize } from "@/lib/attachments/file-kinds";
import type { Upload } from "./use-uploads";

/** The composer's Attach files button, backed by a file input that takes several files. */
export function AttachButton({
  onFiles,
  disabled,
}: {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        aria-label="Attach files"
        title="Attach files"
        disabled={disabled}
        onClick={() => input.current?.click()}
        className="inline-flex size-10 shrink-0 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 disabled:text-slate-300"
      >
        <Paperclip aria-hidden="true" className="size-5" />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => {
          onFiles([...(event.target.files ?? [])]);
          // The same file picked again after removing it is a new pick.
          event.target.value = "";
        }}
      />
    </>
  );
}

/** The files of the message being written, as chips: uploading (with progress), ready, or failed. */
export function UploadChips({
  uploads,
  onRetry,
  onRemove,
}: {
  uploads: Upload[];
  onRetry: (key: string) => void;
  onRemove: (key: string) => void;
}) {
  if (uploads.length === 0) return null;
  return (
    <ul aria-label="Files to send" className="mb-2 flex flex-wrap gap-2">
      {uploads.map((upload) => {
        const name = upload.file.name;
        return (
          <li
            key={upload.key}
            className={clsx(
              "flex min-w-0 max-w-full items-center gap-2 rounded-md border px-2 py-1 text-xs sm:max-w-64",
              upload.status === "failed" ? "border-red-300 bg-red-50" : "border-slate-300 bg-white",
            )}
          >
            {upload.status === "failed" ? (
              <AlertCircle aria-hidden="true" className="size-4 shrink-0 text-red-700" />
            ) : (
              <FileText aria-hidden="true" className="size-4 shrink-0 text-slate-500" />
            )}
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium text-slate-900">{name}</p>
              {upload.status === "uploading" ? (
                <div
                  role="progressbar"
                  aria-label={`Uploading ${name}`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(upload.progress * 100)}
                  className="mt-1 h-1 w-full overflow-hidden rounded bg-slate-200"
                >
                  <div
                    className="h-full bg-brand-600 transition-[width]"
                    style={{ width: `${upload.progress * 100}%` }}
                  />
                </div>
              ) : (
                <p className={upload.status === "failed" ? "text-red-800" : "text-slate-600"}>
                  {upload.status === "failed" ? "Not uploaded" : formatFileSize(upload.file.size)}
                </p>
              )}
            </div>
            {upload.status === "failed" && (
              <button
                type="button"
                aria-label={`Retry ${name}`}
                onClick={() => onRetry(upload.key)}
                className="rounded p-1 text-red-800 hover:bg-red-100"
              >
                <RotateCw aria-hidden="true" className="size-3.5" />
              </button>
            )}
            <button
              type="button"
              aria-label={`Remove ${name}`}
              onClick={() => onRemove(upload.key)}
              className="rounded p-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            >
              <X aria-hidden="true" className="size-3.5" />
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** Files from a drop or a paste, if it carried any. */
export function filesOf(data: DataTransfer | null): File[] {
  return data ? [...data.files] : [];
}
