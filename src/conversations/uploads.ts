import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Ctx } from "../context.js";
import type { Attachment } from "../db/schema/index.js";
import { AppError, invalid, notFound } from "../lib/errors.js";
import { newId } from "../lib/ids.js";
import { imageInfo } from "./image-info.js";

/** What is kept beside an uploaded file: who may see it (the conversation's contact and its operators). */
export interface UploadMeta {
  id: string;
  workspaceId: string;
  /** Set once the message carrying it is written; an upload not yet bound to a conversation is served to nobody. */
  conversationId: number | null;
  name: string;
  contentType: string;
  size: number;
  createdAt: number;
}

/** Upload ids: our own prefixed ULIDs, so a path built from one can never leave the folder. */
const UPLOAD_ID = /^up_[0-9a-z]{26}$/;
/** The URL an attachment carries: the widget adds its session, the inbox maps it to /inbox/files/. */
export const UPLOAD_URL_PREFIX = "/messenger/files/";

/** UPLOADS_DIR, else `uploads/` next to the database file (a temporary folder for an in-memory database). */
export function uploadsDir(ctx: Ctx): string {
  if (ctx.config.UPLOADS_DIR) return ctx.config.UPLOADS_DIR;
  const db = ctx.config.DATABASE_PATH;
  return db === ":memory:" || db === "" ? join(tmpdir(), "parley-uploads") : join(dirname(db), "uploads");
}

/** A file name for display and Content-Disposition: no path, no control characters, at most 120 characters. */
function cleanName(name: string, ext: string): string {
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"]/g, "").trim().slice(0, 120);
  return base || `image.${ext}`;
}

/**
 * Stores an image a contact or an operator sent: refused unless its bytes are PNG, JPEG, GIF or WebP (the
 * type is sniffed, never taken from the client) and at most UPLOAD_MAX_BYTES. Written before the message
 * (bound to its conversation by `bindUpload` once the message committed); returns the attachment to store.
 */
export function saveImage(ctx: Ctx, workspaceId: string, file: { name: string; bytes: Uint8Array }): { meta: UploadMeta; attachment: Attachment } {
  const max = ctx.config.UPLOAD_MAX_BYTES;
  if (file.bytes.length > max) throw new AppError("PAYLOAD_TOO_LARGE", `The image is larger than ${Math.floor(max / 1024)} KB`, { field: "file" });
  if (file.bytes.length === 0) throw invalid("file", "The file is empty");
  const info = imageInfo(file.bytes);
  if (!info) throw invalid("file", "Only images can be attached (PNG, JPEG, GIF or WebP)");
  const now = ctx.clock.now();
  const meta: UploadMeta = {
    id: newId("up", now), workspaceId, conversationId: null, name: cleanName(file.name, info.ext), contentType: info.contentType,
    size: file.bytes.length, createdAt: now,
  };
  const dir = uploadsDir(ctx);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, meta.id), file.bytes, { flag: "wx" });
  writeMeta(dir, meta);
  const attachment: Attachment = {
    type: "upload", name: meta.name, url: `${UPLOAD_URL_PREFIX}${meta.id}`, contentType: meta.contentType, filesize: meta.size,
    width: info.width, height: info.height,
  };
  return { meta, attachment };
}

function writeMeta(dir: string, meta: UploadMeta): void {
  const tmp = join(dir, `${meta.id}.json.tmp`);
  writeFileSync(tmp, JSON.stringify(meta));
  renameSync(tmp, join(dir, `${meta.id}.json`));
}

/** Records the conversation whose message carries the upload: from then on its contact and operators may read it. */
export function bindUpload(ctx: Ctx, meta: UploadMeta, conversationId: number): void {
  writeMeta(uploadsDir(ctx), { ...meta, conversationId });
}

/** An upload's facts and bytes; NOT_FOUND for an unknown, malformed or unbound id. */
export function readUpload(ctx: Ctx, id: string): { meta: UploadMeta; bytes: Buffer } {
  if (!UPLOAD_ID.test(id)) throw notFound("File not found");
  const dir = uploadsDir(ctx);
  try {
    const meta = JSON.parse(readFileSync(join(dir, `${id}.json`), "utf8")) as UploadMeta;
    if (meta.conversationId === null) throw notFound("File not found");
    return { meta, bytes: readFileSync(join(dir, id)) };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw notFound("File not found");
  }
}

/** The upload id an attachment URL names, if it is one of ours. */
export function uploadIdOf(url: string): string | undefined {
  if (!url.startsWith(UPLOAD_URL_PREFIX)) return undefined;
  const id = url.slice(UPLOAD_URL_PREFIX.length);
  return UPLOAD_ID.test(id) ? id : undefined;
}
