import type { Hono } from "hono";
import type { Ctx } from "../../context.js";
import { bindUpload, findConversation, readUpload, saveImage } from "../../conversations/index.js";
import { invalid, notFound } from "../../lib/errors.js";
import { replyInWidget, startWidgetConversation } from "../../messenger/index.js";
import { requireSession } from "./auth.js";
import type { WidgetEnv } from "./env.js";
import { readUploadForm, sendUpload, uploadBodyLimit } from "./upload-form.js";

/**
 * Images from the widget: `POST /messenger/attachments` (starts a conversation) and
 * `POST /messenger/conversations/:id/attachments` (a reply), multipart with `file` and optional `body` and
 * `client_message_id`; `GET /messenger/files/:id?session=…` serves an image of the session's own
 * conversations only (an <img> cannot send headers; another contact's file is a 404, like a missing one).
 */
export function fileRoutes(app: Hono<WidgetEnv>, ctx: Ctx): void {
  app.use("/messenger/attachments", requireSession(ctx));
  app.use("/messenger/files/*", requireSession(ctx));

  app.post("/messenger/attachments", uploadBodyLimit(ctx), async (c) => {
    const { file, fields } = await readUploadForm(c);
    if (!file) throw invalid("file", "file is required: attach an image");
    const { meta, attachment } = saveImage(ctx, c.var.workspace.id, file);
    const res = startWidgetConversation(ctx, c.var.workspace.id, c.var.contact.id, fields.body ?? "", fields.client_message_id || undefined, [attachment]);
    bindUpload(ctx, meta, Number(res.conversation.id));
    return c.json({ ...res, client_message_id: fields.client_message_id ?? null }, res.duplicate ? 200 : 201);
  });

  app.post("/messenger/conversations/:id/attachments", uploadBodyLimit(ctx), async (c) => {
    const { file, fields } = await readUploadForm(c);
    if (!file) throw invalid("file", "file is required: attach an image");
    const { meta, attachment } = saveImage(ctx, c.var.workspace.id, file);
    const res = replyInWidget(ctx, c.var.workspace.id, c.var.contact.id, c.req.param("id"), fields.body ?? "", fields.client_message_id || undefined, [attachment]);
    bindUpload(ctx, meta, Number(res.part.conversationId));
    return c.json({ ...res, client_message_id: fields.client_message_id ?? null }, res.duplicate ? 200 : 201);
  });

  app.get("/messenger/files/:fileId", (c) => {
    const { meta, bytes } = readUpload(ctx, c.req.param("fileId"));
    const conv = meta.workspaceId === c.var.workspace.id ? findConversation(ctx, meta.workspaceId, meta.conversationId!) : undefined;
    if (!conv || conv.contactId !== c.var.contact.id) throw notFound("File not found");
    return sendUpload(c, meta, bytes, true);
  });
}
