import { isInlineImage } from "./file-kinds";
import type { ServedAs } from "./storage";

/**
 * How a file is served. Only the safe image types show in the page, with their sniffed type;
 * everything else (HTML and SVG included, whatever their name) downloads as opaque bytes.
 * The name goes in both filename forms: ASCII for old clients, RFC 5987 for the rest.
 */
export function servedAs({ fileName, contentType }: { fileName: string; contentType: string }): ServedAs {
  const inline = isInlineImage(contentType);
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return {
    fileName,
    contentType: inline ? contentType : "application/octet-stream",
    disposition: `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encoded}`,
  };
}

/** The headers of a file we stream ourselves: nothing in it may run, be sniffed, or be framed. */
export function fileHeaders(served: ServedAs, size: number): Headers {
  return new Headers({
    "Content-Type": served.contentType,
    "Content-Disposition": served.disposition,
    "Content-Length": String(size),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    // Access is checked on every request: no shared cache may keep a copy for someone else.
    "Cache-Control": "private, no-store",
  });
}
