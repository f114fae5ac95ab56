import type { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { findConversation, readUpload } from "../../../conversations/index.js";
import { notFound } from "../../../lib/errors.js";
import type { AdminEnv } from "../env.js";
import { sendUpload } from "../../widget/upload-form.js";

/** `GET /inbox/files/:fileId`: an image attached in one of the current workspace's conversations (operators only). */
export function fileRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/files/:fileId", (c) => {
    const { meta, bytes } = readUpload(ctx, c.req.param("fileId"));
    if (meta.workspaceId !== c.var.workspace.id || !findConversation(ctx, meta.workspaceId, meta.conversationId!)) throw notFound("File not found");
    return sendUpload(c, meta, bytes, false);
  });
}
