import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SNIFF_BYTES, sniffContentType } from "./content-check";
import { fsStorage } from "./fs-storage";
import { s3Storage } from "./s3-storage";
import { type AttachmentStorage, FileTooLarge } from "./storage";

// The smallest valid PNG: a 1×1 transparent pixel.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

const streamOf = (bytes: Uint8Array) => new Blob([new Uint8Array(bytes)]).stream();
const bytesOf = async (stream: ReadableStream<Uint8Array> | null) =>
  stream ? Buffer.from(await new Response(stream).arrayBuffer()) : null;

/** A port of the range this project's tests may use (4560–4569) that nothing listens on. */
async function freePort(): Promise<number> {
  for (let port = 4560; port <= 4569; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer()
        .once("error", () => resolve(false))
        .listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("no free port in 4560–4569 for s3rver");
}

/** s3rver on a free port with a temporary folder, and an S3 storage on its bucket `b`. */
async function startS3rver() {
  const port = await freePort();
  const server = new S3rver({
    port,
    address: "127.0.0.1",
    silent: true,
    directory: mkdtempSync(path.join(tmpdir(), "s3rver-")),
    configureBuckets: [{ name: "b", configs: [] }],
  });
  await server.run();
  const storage = s3Storage({
    bucket: "b",
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    forcePathStyle: true,
  });
  return { storage, close: () => server.close() };
}

type Driver = {
  storage: () => AttachmentStorage;
  /** Sends the bytes the way a browser would with this storage. */
  upload: (key: string, bytes: Uint8Array) => Promise<void>;
  /** Fetches them the way a browser would, after the access check. */
  download: (key: string) => Promise<{ bytes: Buffer | null; headers?: Headers }>;
};

let s3: Awaited<ReturnType<typeof startS3rver>>;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(() => s3?.close());

const fs = fsStorage(mkdtempSync(path.join(tmpdir(), "attachments-")));
const served = {
  fileName: "pixel.png",
  contentType: "image/png",
  disposition: 'inline; filename="pixel.png"',
};

const drivers: Record<string, Driver> = {
  "the data folder": {
    storage: () => fs,
    upload: async (key, bytes) => {
      await fs.write?.(key, streamOf(bytes), 1024);
    },
    download: async (key) => ({ bytes: await bytesOf(await fs.read(key)) }),
  },
  "S3 (s3rver)": {
    storage: () => s3.storage,
    upload: async (key, bytes) => {
      const url = await s3.storage.presignedUpload(key);
      if (!url) throw new Error("S3 gives presigned upload URLs");
      const response = await fetch(url, { method: "PUT", body: new Uint8Array(bytes) });
      expect(response.status, await response.text()).toBe(200);
    },
    download: async (key) => {
      const url = await s3.storage.presignedDownload(key, served);
      if (!url) throw new Error("S3 gives presigned download URLs");
      const response = await fetch(url);
      return {
        bytes: response.ok ? Buffer.from(await response.arrayBuffer()) : null,
        headers: response.headers,
      };
    },
  },
};

describe.each(Object.entries(drivers))("attachment storage: %s", (_, driver) => {
  it("stores a file, reads its first bytes back for sniffing, serves it, and deletes it", async () => {
    const key = `w/${crypto.randomUUID()}`;
    await driver.upload(key, PNG);
    const stored = await driver.storage().head(key, SNIFF_BYTES);
    expect(stored?.size).toBe(PNG.length);
    expect(await sniffContentType(stored?.head ?? new Uint8Array(), "report.pdf")).toBe("image/png");
    const downloaded = await driver.download(key);
    expect(downloaded.bytes?.equals(PNG)).toBe(true);
    if (downloaded.headers) {
      // The presigned URL carries the disposition and type the route decided on.
      expect(downloaded.headers.get("content-type")).toBe("image/png");
      expect(downloaded.headers.get("content-disposition")).toBe(served.disposition);
    }
    await driver.storage().remove(key);
    expect(await driver.storage().head(key, SNIFF_BYTES)).toBeNull();
    expect((await driver.download(key)).bytes).toBeNull();
    // Removing again is not an error: the cleanup may retry.
    await driver.storage().remove(key);
  });
});

describe("the data folder", () => {
  it("refuses more bytes than the limit and keeps nothing", async () => {
    const key = `w/${crypto.randomUUID()}`;
    await expect(fs.write?.(key, streamOf(new Uint8Array(2000)), 1024)).rejects.toBeInstanceOf(FileTooLarge);
    expect(await fs.head(key, 10)).toBeNull();
  });

  it("never lets a key leave its folder", async () => {
    await expect(fs.head("../../etc/passwd", 10)).rejects.toThrow(/bad storage key/);
  });
});
