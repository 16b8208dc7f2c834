import "server-only";
import { attachmentConfig } from "@/lib/env";
import { fsStorage } from "./fs-storage";
import { s3Storage } from "./s3-storage";

/** How a file is served: its name, its type, and whether it shows in the page or downloads. */
export type ServedAs = { fileName: string; contentType: string; disposition: string };

/**
 * Where attachments' bytes live, behind one small interface: a folder beside the embedded database,
 * or any S3-compatible store. Keys are ours (`workspace/attachment`), never a file's name.
 */
export type AttachmentStorage = {
  /** A short-lived URL the browser PUTs the bytes to, or null: they go through our upload route. */
  presignedUpload(key: string): Promise<string | null>;
  /** A short-lived URL to fetch the bytes as `served`, or null: our download route streams them. */
  presignedDownload(key: string, served: ServedAs): Promise<string | null>;
  /**
   * Stores the bytes, for our upload route: only where presignedUpload answers null. More than
   * `maxBytes` is refused (a FileTooLarge) and nothing is kept.
   */
  write?(key: string, body: ReadableStream<Uint8Array>, maxBytes: number): Promise<{ size: number }>;
  read(key: string): Promise<ReadableStream<Uint8Array> | null>;
  /** The first `bytes` bytes and the whole size, or null when nothing was stored under the key. */
  head(key: string, bytes: number): Promise<{ head: Uint8Array; size: number } | null>;
  /** Idempotent: removing what is not there is not an error. */
  remove(key: string): Promise<void>;
};

export class FileTooLarge extends Error {}

const globalForStorage = globalThis as unknown as { attachmentStorage?: AttachmentStorage };

/** The configured storage: S3 when S3_ is set, the data folder otherwise. */
export function attachmentStorage(): AttachmentStorage {
  if (!globalForStorage.attachmentStorage) {
    const config = attachmentConfig();
    globalForStorage.attachmentStorage = config.s3 ? s3Storage(config.s3) : fsStorage(config.folder);
  }
  return globalForStorage.attachmentStorage;
}

/** For tests: a storage of their own (a temporary folder, or s3rver). */
export function setAttachmentStorage(storage: AttachmentStorage | undefined) {
  globalForStorage.attachmentStorage = storage;
}

/** The largest file anyone may attach (MAX_ATTACHMENT_MB). */
export const maxAttachmentBytes = () => attachmentConfig().maxBytes;
