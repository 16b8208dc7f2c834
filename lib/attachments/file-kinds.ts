/**
 * What a file is, for showing and serving it: shared by the server (headers, emails) and the
 * browser (thumbnails, cards), so both sides agree on what counts as an image.
 */

/** Images a browser shows as pictures and never runs: the only types served inline. */
const INLINE_IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

export const isInlineImage = (contentType: string | null) =>
  contentType !== null && INLINE_IMAGE_TYPES.has(contentType);

/**
 * What previews show for a message of files and no text: the file's name, or how many files.
 * lib/conversations/shown-body.ts says the same in SQL, for lists.
 */
export function filesOnlyPreview(fileNames: string[]): string {
  if (fileNames.length === 0) return "";
  return fileNames.length === 1 ? `📎 ${fileNames[0]}` : `📎 ${fileNames.length} files`;
}

/** An attachment as a thread shows it: never its bytes or where they are stored. */
export type AttachmentSummary = {
  id: string;
  name: string;
  size: number;
  contentType: string;
  isImage: boolean;
};

/**
 * The download route of a file. The name is there for the person (and the browser's save
 * dialog); access is checked on every request, so the address grants nothing by itself.
 */
export const attachmentPath = (attachment: { id: string; name: string }) =>
  `/api/attachments/${attachment.id}/${encodeURIComponent(attachment.name)}`;

/** "2.4 MB", "830 KB", "12 bytes". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

const TYPE_LABELS: Record<string, string> = {
  "application/pdf": "PDF",
  "application/zip": "ZIP archive",
  "application/octet-stream": "File",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel spreadsheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
};

/** A short name for the file's type, from its sniffed type ("PDF", "PNG image"), for the card. */
export function fileTypeLabel(contentType: string): string {
  const known = TYPE_LABELS[contentType];
  if (known) return known;
  const [family, subtype = ""] = contentType.split("/");
  const short =
    subtype
      .replace(/^(x-|vnd\.)/, "")
      .split(/[.+;-]/)[0]
      ?.toUpperCase() ?? "";
  if (family === "image") return `${short} image`;
  if (family === "audio" || family === "video") return `${short} ${family}`;
  return short || "File";
}
