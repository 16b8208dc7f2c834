import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attachments, messages } from "@/db/schema";
import {
  openTestWorkspaces,
  recordEvents,
  startFakeResendWithDriver,
  startTestCustomerConversation,
  testClock,
} from "@/db/testing";
import type { Actor } from "@/lib/auth/actor";
import { listCustomerConversations } from "@/lib/conversations/customer-views";
import { listMessagesSince } from "@/lib/conversations/list-messages";
import { postMessage } from "@/lib/conversations/post-message";
import { listConversations } from "@/lib/conversations/views";
import { DomainError } from "@/lib/domain-error";
import { runEmailSweep } from "@/lib/notifications/email-sweep";
import { setCustomerBlocked } from "@/lib/people/access-control";
import { removeAttachmentsOf } from "./claim";
import { servedAs } from "./file-response";
import { fsStorage } from "./fs-storage";
import { pruneOrphanAttachments } from "./orphans";
import { findDownload } from "./read-attachments";
import { completeUpload, createUpload, receiveUpload, UPLOADS_PER_TEN_MINUTES } from "./uploads";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const HTML = Buffer.from("<!doctype html><html><body><script>alert(1)</script></body></html>");
// The first bytes of a Windows program ("MZ", and the PE header it points to).
const EXE = (() => {
  const bytes = Buffer.alloc(256);
  bytes.write("MZ", 0);
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write("PE\0\0", 0x80, "binary");
  return bytes;
})();

const SECRET = "attachments-test-secret-of-32-characters";
const MAX = 1024;
const storage = fsStorage(mkdtempSync(path.join(tmpdir(), "attachments-domain-")));
const { start, afterMinutes } = testClock();

const { db, member, workspace } = openTestWorkspaces([
  {
    slug: "acme",
    team: ["Alice Admin", "Bob Builder", "Carol Chen"],
    customers: ["Dana Diaz", "Erin Evans"],
    notCustomerFacing: ["Carol Chen"],
  },
  { slug: "globex", team: ["Gina Globex"] },
]);
const customer = (name: string) => workspace("acme").customer(name);

let danas: string;
let erins: string;
beforeAll(async () => {
  const alice = member("Alice Admin");
  danas = (
    await startTestCustomerConversation(db(), { from: alice, customers: [customer("Dana Diaz").customerId] })
  ).conversationId;
  erins = (
    await startTestCustomerConversation(db(), { from: alice, customers: [customer("Erin Evans").customerId] })
  ).conversationId;
});

const blob = (bytes: Uint8Array) => new Blob([new Uint8Array(bytes)]).stream();

/** The browser's part: ask for an upload, send the bytes with the token, complete it. */
async function upload(actor: Actor, conversationId: string, fileName: string, bytes: Uint8Array) {
  const created = await createUpload(db(), {
    actor,
    conversationId,
    fileName,
    size: bytes.length,
    storage,
    maxBytes: MAX,
    secret: SECRET,
  });
  const token = new URL(created.uploadUrl, "http://app.test").searchParams.get("token") ?? "";
  await receiveUpload(db(), {
    actors: [actor],
    attachmentId: created.attachmentId,
    token,
    body: blob(bytes),
    storage,
    maxBytes: MAX,
    secret: SECRET,
  });
  return completeUpload(db(), { actor, attachmentId: created.attachmentId, storage, maxBytes: MAX });
}

const post = (actor: Actor, conversationId: string, attachmentIds: string[], extra: object = {}) =>
  postMessage(db(), {
    actor,
    conversationId,
    body: "",
    clientMessageId: randomUUID(),
    attachmentIds,
    ...extra,
  });

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const messageCount = async () => (await db().select({ n: count() }).from(messages))[0]?.n ?? 0;
const rowOf = async (id: string) => (await db().select().from(attachments).where(eq(attachments.id, id)))[0];

describe("attaching files", () => {
  it("sends an image and a PDF with a message; both sides see their names, sizes and types", async () => {
    const alice = member("Alice Admin");
    const image = await upload(alice, danas, "screenshot.png", PNG);
    const pdf = await upload(alice, danas, "invoice.pdf", PDF);
    const { messageId } = await post(alice, danas, [image.id, pdf.id]);
    for (const viewer of [alice, customer("Dana Diaz")]) {
      const { messages: seen } = await listMessagesSince(db(), {
        viewer,
        conversationId: danas,
        afterSeq: 0,
      });
      const sent = seen.find((message) => message.id === messageId);
      expect(sent?.body).toBe("");
      expect(sent?.attachments).toEqual([
        { id: image.id, name: "screenshot.png", size: PNG.length, contentType: "image/png", isImage: true },
        { id: pdf.id, name: "invoice.pdf", size: PDF.length, contentType: "application/pdf", isImage: false },
      ]);
    }
  });

  it("takes the type from the bytes: a PNG named report.pdf is an image, HTML named a.png is not", async () => {
    const bob = member("Bob Builder");
    const png = await upload(bob, danas, "report.pdf", PNG);
    const html = await upload(bob, danas, "a.png", HTML);
    expect(png).toMatchObject({ contentType: "image/png", isImage: true });
    expect(html).toMatchObject({ contentType: "application/octet-stream", isImage: false });
    // Served: the image inline with its type, the HTML as an opaque download.
    expect(servedAs({ fileName: "report.pdf", contentType: png.contentType })).toMatchObject({
      contentType: "image/png",
      disposition: expect.stringMatching(/^inline; /),
    });
    expect(servedAs({ fileName: "a.png", contentType: html.contentType })).toEqual({
      fileName: "a.png",
      contentType: "application/octet-stream",
      disposition: `attachment; filename="a.png"; filename*=UTF-8''a.png`,
    });
    expect(servedAs({ fileName: "Grüße (1).txt", contentType: "application/octet-stream" }).disposition).toBe(
      `attachment; filename="Gr__e (1).txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%281%29.txt`,
    );
  });

  it("refuses programs and scripts, by name before the upload and by bytes after it, and keeps nothing", async () => {
    const bob = member("Bob Builder");
    const byName = await refusal(upload(bob, danas, "setup.exe", PDF));
    expect(byName.message).toBe("Executable files can't be attached (setup.exe).");
    for (const [name, bytes] of [
      ["tool.txt", EXE],
      ["notes.txt", Buffer.from("#!/bin/sh\nrm -rf /\n")],
    ] as const) {
      const before = await db().select({ n: count() }).from(attachments);
      const error = await refusal(upload(bob, danas, name, bytes));
      expect(error).toMatchObject({
        code: "file_refused",
        message: `Executable files can't be attached (${name}).`,
      });
      expect(await db().select({ n: count() }).from(attachments)).toEqual(before);
    }
  });

  it("refuses a file over the size limit, declared or sent", async () => {
    const bob = member("Bob Builder");
    const declared = await refusal(
      createUpload(db(), {
        actor: bob,
        conversationId: danas,
        fileName: "big.bin",
        size: MAX + 1,
        storage,
        maxBytes: MAX,
        secret: SECRET,
      }),
    );
    expect(declared).toMatchObject({
      code: "file_too_large",
      message: "big.bin is larger than 1.0 KB, the most a file can be.",
    });
    // Declared small, sent big: the upload is cut off.
    const created = await createUpload(db(), {
      actor: bob,
      conversationId: danas,
      fileName: "liar.bin",
      size: 10,
      storage,
      maxBytes: MAX,
      secret: SECRET,
    });
    const token = new URL(created.uploadUrl, "http://app.test").searchParams.get("token") ?? "";
    const sent = await refusal(
      receiveUpload(db(), {
        actors: [bob],
        attachmentId: created.attachmentId,
        token,
        body: blob(new Uint8Array(MAX + 1)),
        storage,
        maxBytes: MAX,
        secret: SECRET,
      }),
    );
    expect(sent.code).toBe("file_too_large");
    expect(
      (
        await refusal(
          completeUpload(db(), { actor: bob, attachmentId: created.attachmentId, storage, maxBytes: MAX }),
        )
      ).code,
    ).toBe("upload_incomplete");
  });

  it("lets one person start 100 uploads in ten minutes, and refuses the next with the wait, storing nothing", async () => {
    const erin = customer("Erin Evans");
    const windowStart = new Date("2031-01-01T00:00:00Z");
    const start = (minutes: number) =>
      createUpload(db(), {
        actor: erin,
        conversationId: erins,
        fileName: "photo.png",
        size: PNG.length,
        storage,
        maxBytes: MAX,
        secret: SECRET,
        now: new Date(windowStart.getTime() + minutes * 60_000),
      });
    for (let i = 0; i < UPLOADS_PER_TEN_MINUTES.max; i++) await start(1);
    const before = await db().select({ n: count() }).from(attachments);
    expect(await refusal(start(8))).toMatchObject({
      code: "rate_limited",
      message: "You are uploading files faster than anyone can look at them. Try again in 2 minutes.",
    });
    expect(await db().select({ n: count() }).from(attachments)).toEqual(before);
    // Someone else is not held up, and Erin may go on once the ten minutes are over.
    await createUpload(db(), {
      actor: member("Bob Builder"),
      conversationId: erins,
      fileName: "photo.png",
      size: PNG.length,
      storage,
      maxBytes: MAX,
      secret: SECRET,
      now: new Date(windowStart.getTime() + 8 * 60_000),
    });
    await start(10);
  });
});

describe("the wrong person", () => {
  it("cannot upload to a thread they may not write in", async () => {
    const attempts: [string, Actor, string][] = [
      ["another workspace", member("Gina Globex"), danas],
      ["a member who may not see the thread", member("Carol Chen"), danas],
      ["a customer of another conversation", customer("Erin Evans"), danas],
    ];
    for (const [who, actor, conversationId] of attempts) {
      const before = await db().select({ n: count() }).from(attachments);
      const error = await refusal(upload(actor, conversationId, "x.pdf", PDF));
      expect(error.code, who).toBe("conversation_not_found");
      expect(await db().select({ n: count() }).from(attachments), who).toEqual(before);
    }
  });

  it("cannot upload once an admin has blocked them, and can again once unblocked", async () => {
    const dana = customer("Dana Diaz");
    const block = (blocked: boolean) =>
      setCustomerBlocked(db(), { actor: member("Alice Admin"), customerId: dana.customerId, blocked });
    await block(true);
    try {
      const before = await db().select({ n: count() }).from(attachments);
      expect((await refusal(upload(dana, danas, "x.pdf", PDF))).code).toBe("customer_blocked");
      expect(await db().select({ n: count() }).from(attachments)).toEqual(before);
    } finally {
      await block(false);
    }
    await expect(upload(dana, danas, "x.pdf", PDF)).resolves.toBeDefined();
  });

  it("cannot send the bytes of, or complete, someone else's upload", async () => {
    const alice = member("Alice Admin");
    const created = await createUpload(db(), {
      actor: alice,
      conversationId: danas,
      fileName: "a.pdf",
      size: PDF.length,
      storage,
      maxBytes: MAX,
      secret: SECRET,
    });
    const token = new URL(created.uploadUrl, "http://app.test").searchParams.get("token") ?? "";
    const send = (actors: Actor[], withToken: string) =>
      receiveUpload(db(), {
        actors,
        attachmentId: created.attachmentId,
        token: withToken,
        body: blob(PDF),
        storage,
        maxBytes: MAX,
        secret: SECRET,
      });
    expect((await refusal(send([member("Bob Builder")], token))).code).toBe("attachment_not_found");
    expect((await refusal(send([], token))).code).toBe("attachment_not_found");
    expect((await refusal(send([alice], `${token}x`))).code).toBe("attachment_not_found");
    const bobs = await createUpload(db(), {
      actor: member("Bob Builder"),
      conversationId: danas,
      fileName: "b.pdf",
      size: 1,
      storage,
      maxBytes: MAX,
      secret: SECRET,
    });
    const bobsToken = new URL(bobs.uploadUrl, "http://app.test").searchParams.get("token") ?? "";
    expect((await refusal(send([alice], bobsToken))).code, "a token is for one upload").toBe(
      "attachment_not_found",
    );
    await send([alice], token);
    expect(
      (
        await refusal(
          completeUpload(db(), {
            actor: member("Bob Builder"),
            attachmentId: created.attachmentId,
            storage,
            maxBytes: MAX,
          }),
        )
      ).code,
    ).toBe("attachment_not_found");
    expect((await rowOf(created.attachmentId))?.completedAt).toBeNull();
  });

  it("cannot attach someone else's upload, one from another thread, or one already sent; the message is not stored", async () => {
    const alice = member("Alice Admin");
    const bob = member("Bob Builder");
    const alicesFile = await upload(alice, danas, "alice.pdf", PDF);
    const otherThread = await upload(bob, erins, "erin.pdf", PDF);
    const sent = await upload(bob, danas, "sent.pdf", PDF);
    await post(bob, danas, [sent.id]);
    const unfinished = await createUpload(db(), {
      actor: bob,
      conversationId: danas,
      fileName: "half.pdf",
      size: 1,
      storage,
      maxBytes: MAX,
      secret: SECRET,
    });
    for (const [what, ids] of [
      ["someone else's upload", [alicesFile.id]],
      ["an upload of another thread", [otherThread.id]],
      ["an upload already sent", [sent.id]],
      ["an upload not completed", [unfinished.attachmentId]],
      ["an id that is no upload", [randomUUID()]],
      ["not an id", ["../etc"]],
    ] as const) {
      const before = await messageCount();
      const error = await refusal(post(bob, danas, [...ids], { body: "with a file" }));
      expect(error.code, what).toBe("attachment_unavailable");
      expect(await messageCount(), `${what}: no message stored`).toBe(before);
    }
    expect((await rowOf(alicesFile.id))?.messageId).toBeNull();
    expect((await rowOf(otherThread.id))?.messageId).toBeNull();
  });

  it("gets no file they may not see, and the same answer as for no file at all", async () => {
    const alice = member("Alice Admin");
    const onReply = await upload(alice, danas, "reply.pdf", PDF);
    await post(alice, danas, [onReply.id]);
    const onNote = await upload(alice, danas, "note.pdf", PDF);
    await post(alice, danas, [onNote.id], { visibility: "internal" });
    const unsent = await upload(alice, danas, "unsent.pdf", PDF);
    const find = (actor: Actor, id: string) => findDownload(db(), { actors: [actor], attachmentId: id });

    expect((await find(alice, onReply.id))?.id).toBe(onReply.id);
    expect((await find(member("Bob Builder"), onNote.id))?.id, "a customer-facing member sees notes").toBe(
      onNote.id,
    );
    expect((await find(customer("Dana Diaz"), onReply.id))?.id).toBe(onReply.id);
    for (const [who, actor, id] of [
      ["a customer, on an internal note", customer("Dana Diaz"), onNote.id],
      ["a customer of another conversation", customer("Erin Evans"), onReply.id],
      ["a member who may not see the thread", member("Carol Chen"), onReply.id],
      ["another workspace", member("Gina Globex"), onReply.id],
      ["anyone, before it is sent", member("Bob Builder"), unsent.id],
      ["anyone, for no such file", alice, randomUUID()],
    ] as const) {
      expect(await find(actor, id), who).toBeNull();
    }
    // Signed in as both, the browser gets what either may see.
    expect(
      (await findDownload(db(), { actors: [customer("Dana Diaz"), alice], attachmentId: onNote.id }))?.id,
    ).toBe(onNote.id);
  });
});

describe("sending reliably", () => {
  it("stores a retried send once, with its files once", async () => {
    const dana = customer("Dana Diaz");
    const file = await upload(dana, danas, "photo.png", PNG);
    const clientMessageId = randomUUID();
    const send = () =>
      postMessage(db(), {
        actor: dana,
        conversationId: danas,
        body: "Here",
        clientMessageId,
        attachmentIds: [file.id],
      });
    const first = await send();
    const before = await messageCount();
    const again = await send();
    expect(again.messageId).toBe(first.messageId);
    expect(await messageCount()).toBe(before);
    expect(
      (await db().select().from(attachments).where(eq(attachments.messageId, first.messageId))).map(
        (a) => a.id,
      ),
    ).toEqual([file.id]);
  });

  it("refuses a message with neither text nor files", async () => {
    expect((await refusal(post(member("Alice Admin"), danas, []))).code).toBe("invalid_body");
  });
});

describe("previews", () => {
  const recorded = recordEvents();

  it("show a message of files only by its file, or by how many files, in lists and bubbles alike", async () => {
    const erin = customer("Erin Evans");
    const alice = member("Alice Admin");
    const previews = async () => ({
      team: (await listConversations(db(), { actor: alice, view: "open" })).rows.find(
        (row) => row.id === erins,
      )?.preview?.body,
      customer: (await listCustomerConversations(db(), { actor: erin })).find((row) => row.id === erins)
        ?.preview?.body,
      bubble: recorded.events
        .filter((event) => event.name === "message.new")
        .map((event) => (event.data as { preview: string }).preview),
    });

    await post(erin, erins, [(await upload(erin, erins, "receipt.pdf", PDF)).id]);
    expect(await previews()).toMatchObject({ team: "📎 receipt.pdf", customer: "📎 receipt.pdf" });
    expect(new Set((await previews()).bubble)).toEqual(new Set(["📎 receipt.pdf"]));

    recorded.clear();
    const files = [await upload(alice, erins, "a.png", PNG), await upload(alice, erins, "b.pdf", PDF)];
    await post(
      alice,
      erins,
      files.map((file) => file.id),
    );
    expect(await previews()).toMatchObject({ team: "📎 2 files", customer: "📎 2 files" });
    expect(new Set((await previews()).bubble)).toEqual(new Set(["📎 2 files"]));
  });
});

describe("cleaning up", () => {
  it("deletes uploads nobody sent after a day, and a deleted message's files at once, bytes and rows", async () => {
    const bob = member("Bob Builder");
    const forgotten = await createUpload(db(), {
      actor: bob,
      conversationId: erins,
      fileName: "old.pdf",
      size: 1,
      storage,
      maxBytes: MAX,
      secret: SECRET,
      now: start,
    });
    const recent = await createUpload(db(), {
      actor: bob,
      conversationId: erins,
      fileName: "new.pdf",
      size: 1,
      storage,
      maxBytes: MAX,
      secret: SECRET,
      now: afterMinutes(23 * 60 + 59),
    });
    const sent = await upload(bob, erins, "kept.pdf", PDF);
    const { messageId } = await post(bob, erins, [sent.id]);
    await db().update(attachments).set({ createdAt: start }).where(eq(attachments.id, sent.id));
    const deleted = await upload(bob, erins, "deleted.pdf", PDF);
    const gone = await post(bob, erins, [deleted.id]);
    const deletedKey = (await rowOf(deleted.id))?.storageKey ?? "";
    await db().transaction((tx) => removeAttachmentsOf(tx, { messageId: gone.messageId }));
    expect(
      await findDownload(db(), { actors: [bob], attachmentId: deleted.id }),
      "no longer served",
    ).toBeNull();

    await pruneOrphanAttachments(db(), { storage: () => storage, now: afterMinutes(24 * 60 + 1) });
    const left = new Set((await db().select({ id: attachments.id }).from(attachments)).map((row) => row.id));
    expect(left.has(forgotten.attachmentId)).toBe(false);
    expect(left.has(deleted.id)).toBe(false);
    expect(await storage.head(deletedKey, 10)).toBeNull();
    expect(left.has(recent.attachmentId), "less than a day old").toBe(true);
    expect(left.has(sent.id), "attached to a message").toBe(true);
    expect((await findDownload(db(), { actors: [bob], attachmentId: sent.id }))?.messageId).toBe(messageId);
  });
});

describe("emails", () => {
  it("list a message's files as links, and never a note's files to a customer", async () => {
    const fake = await startFakeResendWithDriver();
    try {
      const alice = member("Alice Admin");
      const { conversationId } = await startTestCustomerConversation(db(), {
        from: alice,
        customers: [customer("Dana Diaz").customerId],
      });
      const shared = await upload(alice, conversationId, "price list.pdf", PDF);
      await post(alice, conversationId, [shared.id], { body: "Our prices" });
      const secret = await upload(alice, conversationId, "margins.pdf", PDF);
      await post(alice, conversationId, [secret.id], { visibility: "internal" });
      await runEmailSweep(db(), {
        driver: fake.driver,
        now: new Date(Date.now() + 1000),
        appUrl: "http://app.test",
        secret: SECRET,
      });
      const email = fake.accepted.find((sent) => sent.to.includes(customer("Dana Diaz").email));
      const link = `http://app.test/api/attachments/${shared.id}/price%20list.pdf?chat=acme`;
      expect(email?.text).toContain(`price list.pdf: ${link}`);
      expect(email?.html).toContain(link);
      for (const part of [email?.text, email?.html]) {
        expect(part).not.toContain("margins.pdf");
        expect(part).not.toContain(secret.id);
      }
    } finally {
      await fake.close();
    }
  });
});
