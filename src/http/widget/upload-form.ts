import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Ctx } from "../../context.js";
import type { UploadMeta } from "../../conversations/index.js";
import { AppError } from "../../lib/errors.js";

/** Room for the multipart envelope and the text fields around the file. */
const FORM_SLACK = 64 * 1024;

/** Refuses a body larger than UPLOAD_MAX_BYTES (plus the form's envelope) before reading it: 413 naming the limit. */
export function uploadBodyLimit(ctx: Ctx): MiddlewareHandler {
  const max = ctx.config.UPLOAD_MAX_BYTES;
  return bodyLimit({
    maxSize: max + FORM_SLACK,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", `The image is larger than ${Math.floor(max / 1024)} KB`, { field: "file" });
    },
  });
}

/**
 * The same limit where the body may already have been read by earlier middleware (the admin's CSRF and
 * workspace checks): judged from Content-Length, and the file itself is checked again by `saveImage`.
 */
export function refuseLargeBody(ctx: Ctx, c: Context): void {
  const max = ctx.config.UPLOAD_MAX_BYTES;
  const declared = Number(c.req.header("content-length") ?? 0);
  if (declared > max + FORM_SLACK) throw new AppError("PAYLOAD_TOO_LARGE", `The image is larger than ${Math.floor(max / 1024)} KB`, { field: "file" });
}

/** A multipart form with an optional `file`, plus its text fields. */
export interface UploadForm {
  file: { name: string; bytes: Uint8Array } | undefined;
  fields: Record<string, string>;
}

/** Reads a multipart/form-data body (parsed once by Hono and cached for later readers). */
export async function readUploadForm(c: Context): Promise<UploadForm> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) throw new AppError("VALIDATION", "Send the image as multipart/form-data with a `file` field", { field: "file" });
  const form = await c.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) if (typeof v === "string") fields[k] = v;
  const f = form.file;
  const file = f instanceof File && f.size > 0 ? { name: f.name || "image", bytes: new Uint8Array(await f.arrayBuffer()) } : undefined;
  return { file, fields };
}

/**
 * Serves a stored image with the type sniffed at upload, `nosniff`, an inline Content-Disposition carrying its
 * name, and a sandboxing CSP, so even a file a browser might misread can never run as a page of Parley's.
 */
export function sendUpload(c: Context, meta: UploadMeta, bytes: Buffer, crossOrigin: boolean): Response {
  const ascii = meta.name.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  return c.body(new Uint8Array(bytes), 200, {
    "Content-Type": meta.contentType,
    "Content-Length": String(bytes.length),
    "Content-Disposition": `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(meta.name)}`,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, max-age=86400",
    "Cross-Origin-Resource-Policy": crossOrigin ? "cross-origin" : "same-origin",
  });
}
