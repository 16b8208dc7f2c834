import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { type AttachmentStorage, FileTooLarge } from "./storage";

/**
 * Attachments in a folder (the embedded default). The bytes go up and down through our own route
 * handlers, which check the session first, so there are no presigned URLs here.
 */
export function fsStorage(folder: string): AttachmentStorage {
  const fileOf = (key: string) => {
    const file = path.resolve(folder, key);
    // Keys are made by us from uuids; this makes sure no key can ever leave the folder.
    if (!file.startsWith(path.resolve(folder) + path.sep)) throw new Error(`bad storage key ${key}`);
    return file;
  };
  const missing = (error: unknown) => (error as { code?: string }).code === "ENOENT";

  return {
    presignedUpload: async () => null,
    presignedDownload: async () => null,

    async write(key, body, maxBytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Written beside, then renamed: a reader never sees half a file.
      const partial = `${file}.${process.pid}.${Date.now()}.part`;
      const handle = await open(partial, "w");
      let size = 0;
      try {
        for await (const chunk of Readable.fromWeb(body as never) as AsyncIterable<Uint8Array>) {
          size += chunk.byteLength;
          if (size > maxBytes) throw new FileTooLarge();
          await handle.write(chunk);
        }
        await handle.close();
        await rename(partial, file);
        return { size };
      } catch (error) {
        await handle.close().catch(() => {});
        await rm(partial, { force: true });
        throw error;
      }
    },

    async read(key) {
      const file = fileOf(key);
      try {
        await stat(file);
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
      return Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    },

    async head(key, bytes) {
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(fileOf(key), "r");
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
      try {
        const { size } = await handle.stat();
        const buffer = Buffer.alloc(Math.min(bytes, size));
        await handle.read(buffer, 0, buffer.length, 0);
        return { head: new Uint8Array(buffer), size };
      } finally {
        await handle.close();
      }
    },

    async remove(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}
