import clsx from "clsx";
import { FileText } from "lucide-react";
import {
  type AttachmentSummary,
  attachmentPath,
  fileTypeLabel,
  formatFileSize,
} from "@/lib/attachments/file-kinds";

/**
 * A message's files: images as thumbnails that open full size in a new tab, other files as cards
 * with their name, size and type. Each is a link named after the file. Before the message is
 * stored (`sending`), there is nothing to link to yet.
 */
export function MessageAttachments({
  attachments,
  sending = false,
  align = "start",
}: {
  attachments: AttachmentSummary[];
  sending?: boolean;
  align?: "start" | "end";
}) {
  if (attachments.length === 0) return null;
  const images = attachments.filter((file) => file.isImage && !sending);
  const files = attachments.filter((file) => !images.includes(file));
  return (
    <div
      className={clsx(
        "mt-1 flex min-w-0 max-w-full flex-col gap-1.5",
        align === "end" ? "items-end" : "items-start",
      )}
    >
      {images.length > 0 && (
        <ul
          aria-label="Images"
          className={clsx("flex max-w-full flex-wrap gap-1.5", align === "end" && "justify-end")}
        >
          {images.map((image) => (
            <li key={image.id}>
              <a
                href={attachmentPath(image)}
                target="_blank"
                rel="noopener"
                className="block overflow-hidden rounded-lg border border-slate-200 bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
              >
                {/* Our own route, checked per request: next/image's optimizer would fetch it without the person's session. */}
                {/* biome-ignore lint/performance/noImgElement: see above */}
                <img
                  src={attachmentPath(image)}
                  alt={image.name}
                  loading="lazy"
                  className="block h-32 w-auto max-w-full object-cover sm:h-40"
                />
              </a>
            </li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul aria-label="Files" className="flex max-w-full flex-col gap-1.5">
          {files.map((file) => (
            <li
              key={file.id}
              className="flex min-w-0 max-w-full items-center gap-2 rounded-lg border border-slate-200 bg-white px-3 py-2 text-slate-900 sm:max-w-80"
            >
              <FileText aria-hidden="true" className="size-5 shrink-0 text-slate-500" />
              <div className="min-w-0">
                {sending ? (
                  <p className="truncate text-sm font-medium">{file.name}</p>
                ) : (
                  <a
                    href={attachmentPath(file)}
                    className="block truncate text-sm font-medium text-brand-800 underline-offset-2 hover:underline"
                  >
                    {file.name}
                  </a>
                )}
                <p className="text-xs text-slate-600">
                  {fileTypeLabel(file.contentType)} · {formatFileSize(file.size)}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
