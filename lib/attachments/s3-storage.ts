import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { S3Config } from "@/lib/env";
import type { AttachmentStorage } from "./storage";

/** Long enough to start an upload of a large file on a slow line; the PUT itself may take longer. */
const UPLOAD_URL_SECONDS = 15 * 60;
/** A download URL is made after the access check, for the redirect that follows at once. */
const DOWNLOAD_URL_SECONDS = 60;

/**
 * Attachments in any S3-compatible store. Browsers upload and download directly, through
 * short-lived presigned URLs; our server only checks who may, and reads a file's first bytes.
 */
export function s3Storage(config: S3Config): AttachmentStorage {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    forcePathStyle: config.forcePathStyle,
    // A presigned PUT must not demand a checksum the browser cannot compute; most S3-compatible
    // stores do not know the newer checksum headers either.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = config.bucket;
  const notFound = (error: unknown) => {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    return e.name === "NoSuchKey" || e.name === "NotFound" || e.$metadata?.httpStatusCode === 404;
  };

  return {
    presignedUpload: (key) =>
      getSignedUrl(client, new PutObjectCommand({ Bucket, Key: key }), { expiresIn: UPLOAD_URL_SECONDS }),

    presignedDownload: (key, served) =>
      getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket,
          Key: key,
          ResponseContentType: served.contentType,
          ResponseContentDisposition: served.disposition,
        }),
        { expiresIn: DOWNLOAD_URL_SECONDS },
      ),

    async read(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return (object.Body?.transformToWebStream() as ReadableStream<Uint8Array> | undefined) ?? null;
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },

    async head(key, bytes) {
      try {
        const { ContentLength: size = 0 } = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        if (size === 0) return { head: new Uint8Array(), size };
        const object = await client.send(
          new GetObjectCommand({ Bucket, Key: key, Range: `bytes=0-${Math.min(bytes, size) - 1}` }),
        );
        return { head: (await object.Body?.transformToByteArray()) ?? new Uint8Array(), size };
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },

    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}
