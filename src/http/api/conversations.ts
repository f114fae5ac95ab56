import { Hono, type Context } from "hono";
import { z } from "zod";
import type { Ctx } from "../../context.js";
import { findContactByRef, getContact } from "../../contacts/index.js";
import {
  addPart, assignConversation, compileConversationSearch, deleteConversation, findLastConversation, getConversation, listConversations,
  looksLikeHtml, setConversationState, setTeamRead, startConversation, updateConversation,
  type Actor, type Conversation, type ConversationCursor, type ConversationPage,
} from "../../conversations/index.js";
import { AppError, invalid, notFound } from "../../lib/errors.js";
import { getOperator } from "../../operators/queries.js";
import { sendAdminMessage } from "../../outbound/index.js";
import { hubFor } from "../../realtime/index.js";
import type { ApiEnv } from "../middleware/api-auth.js";
import { actingOperatorId } from "./admins.js";
import { cursorParams, decodeCursor, encodeCursor, readJson } from "./body.js";
import { ConversationJson } from "./conversation-json.js";
import { adminJson } from "./serialize.js";
import { idString, unixTime } from "./schemas.js";

const body = z.string().max(65_536);
const attachmentUrls = z.array(z.url({ protocol: /^https?$/ }).max(2048)).max(10).optional();

const createBody = z.object({ from: z.object({ type: z.enum(["user", "lead", "contact"]), id: idString }), body, created_at: unixTime.optional() });

const replyBody = z.object({
  message_type: z.enum(["comment", "note", "quick_reply"]),
  type: z.enum(["admin", "user"]),
  admin_id: idString.optional(),
  intercom_user_id: idString.optional(),
  user_id: idString.optional(),
  email: z.string().max(255).optional(),
  body: body.optional(),
  created_at: unixTime.optional(),
  attachment_urls: attachmentUrls,
  reply_options: z.array(z.object({ text: z.string().min(1).max(255), uuid: z.string().min(1).max(64) })).max(20).optional(),
});

const partsBody = z.object({
  message_type: z.enum(["assignment", "snoozed", "open", "close"]),
  type: z.enum(["admin", "team"]).optional(),
  admin_id: idString,
  assignee_id: idString.optional(),
  snoozed_until: z.number().int().positive().optional(),
  body: body.optional(),
});

const updateBody = z.object({
  read: z.boolean().optional(),
  title: z.string().max(255).nullable().optional(),
  custom_attributes: z.record(z.string(), z.unknown()).optional(),
});

const searchBody = z.object({
  query: z.unknown().refine((q) => q !== undefined, "query is required"),
  pagination: z.object({ per_page: z.number().int().min(1).optional(), starting_after: z.string().max(512).nullable().optional() }).nullable().optional(),
});

const messageBody = z.object({
  message_type: z.enum(["inapp", "email"]),
  subject: z.string().max(998).optional(),
  body,
  template: z.string().max(64).optional(),
  from: z.object({ type: z.literal("admin"), id: idString }),
  to: z.object({ type: z.enum(["user", "lead", "contact"]), id: idString.optional(), user_id: idString.optional(), email: z.string().max(255).optional() }),
  created_at: unixTime.optional(),
  create_conversation_without_contact_reply: z.boolean().optional(),
});

const cursorShape = z.object({ i: z.number().int().positive(), a: z.number().int(), p: z.number().int().min(2) });
const MAX_PER_PAGE = 150;

/** An `admin_id` as the domain's actor: "0" is the API itself, anything else must be an operator. */
function adminActor(c: Context<ApiEnv>, id: string | undefined, field = "admin_id"): Actor {
  if (id === undefined) throw invalid(field, `${field} is required`, "parameter_not_found");
  if (id === "0") return { type: "operator", operatorId: 0 };
  if (!/^\d{1,12}$/.test(id)) throw notFound("Admin Not Found", "admin_not_found");
  return { type: "operator", operatorId: getOperator(c.var.ctx, Number(id)).id };
}

function decodeListCursor(cursor: string | null | undefined, field: string): ConversationCursor | undefined {
  if (!cursor) return undefined;
  const raw = decodeCursor(cursor, cursorShape, field);
  return { id: raw.i, at: raw.a, page: raw.p };
}

/** `{type:'conversation.list', conversations, total_count, pages}` with the cursor in `pages.next.starting_after`. */
function listJson(ctx: Ctx, c: Context<ApiEnv>, page: ConversationPage, perPage: number) {
  const view = new ConversationJson(ctx, c.var.workspace);
  const next = page.next;
  return {
    type: "conversation.list",
    conversations: page.rows.map((row) => view.conversation(row, { parts: false, plaintext: false })),
    total_count: page.total,
    pages: {
      type: "pages", page: page.page, per_page: perPage, total_pages: page.totalPages,
      ...(next ? { next: { page: next.page, starting_after: encodeCursor({ i: next.id, a: next.at, p: next.page }) } } : {}),
    },
  };
}

/** Intercom's conversations API (COMPAT §2.10) and `POST /messages`. */
export function conversationsApp(ctx: Ctx): Hono<ApiEnv> {
  // The realtime hub listens to conversation events from boot on, whoever streams them later.
  hubFor(ctx);
  const app = new Hono<ApiEnv>();
  readRoutes(ctx, app);
  writeRoutes(ctx, app);
  app.post("/messages", async (c) => c.json(await adminMessage(ctx, c, await readJson(c, messageBody))));
  return app;
}

const ws = (c: Context<ApiEnv>) => c.var.workspace.id;

/** One conversation with its parts, as every single-conversation endpoint answers. */
function one(ctx: Ctx, c: Context<ApiEnv>, conv: Conversation): Response {
  const plaintext = c.req.query("display_as") === "plaintext";
  return c.json(new ConversationJson(ctx, c.var.workspace).conversation(conv, { parts: true, plaintext }));
}

function readRoutes(ctx: Ctx, app: Hono<ApiEnv>): void {
  app.get("/conversations", (c) => {
    const { perPage, startingAfter } = cursorParams(c, { defaultPerPage: 20, maxPerPage: MAX_PER_PAGE });
    const page = listConversations(ctx, ws(c), { perPage, after: decodeListCursor(startingAfter, "starting_after") });
    return c.json(listJson(ctx, c, page, perPage));
  });

  app.post("/conversations/search", async (c) => {
    const b = await readJson(c, searchBody);
    const perPage = Math.min(b.pagination?.per_page ?? 20, MAX_PER_PAGE);
    const after = decodeListCursor(b.pagination?.starting_after, "pagination.starting_after");
    const where = compileConversationSearch({ workspaceId: ws(c), timeZone: c.var.workspace.timezone }, b.query);
    return c.json(listJson(ctx, c, listConversations(ctx, ws(c), { perPage, after, where }), perPage));
  });

  app.get("/conversations/:id", (c) => one(ctx, c, getConversation(ctx, ws(c), c.req.param("id"))));
}

function writeRoutes(ctx: Ctx, app: Hono<ApiEnv>): void {
  app.post("/conversations", async (c) => {
    const b = await readJson(c, createBody);
    const contact = getContact(ctx, ws(c), b.from.id);
    const { conversation, part } = startConversation(ctx, ws(c), { contactId: contact.id, body: b.body, createdAt: b.created_at });
    return c.json({
      type: "user_message", id: String(part.id), created_at: Math.floor(part.createdAt / 1000), body: b.body, message_type: "inapp",
      conversation_id: String(conversation.id),
    });
  });

  app.put("/conversations/:id", async (c) => {
    const b = await readJson(c, updateBody);
    const id = c.req.param("id");
    let conv = getConversation(ctx, ws(c), id);
    if (b.title !== undefined || b.custom_attributes) conv = updateConversation(ctx, ws(c), id, { title: b.title, customAttributes: b.custom_attributes });
    if (b.read !== undefined) conv = setTeamRead(ctx, ws(c), id, b.read, { type: "operator", operatorId: actingOperatorId(c) ?? 0 });
    return one(ctx, c, conv);
  });

  app.delete("/conversations/:id", (c) => {
    const conv = deleteConversation(ctx, ws(c), c.req.param("id"));
    return c.json({ id: String(conv.id), object: "conversation", deleted: true });
  });

  app.post("/conversations/:id/reply", async (c) => one(ctx, c, reply(ctx, c, c.req.param("id"), await readJson(c, replyBody))));
  app.post("/conversations/:id/parts", async (c) => one(ctx, c, manage(ctx, c, c.req.param("id"), await readJson(c, partsBody))));
}

/** The file name an attachment URL ends with ("file" when it has none). */
function fileName(url: string): string {
  const last = new URL(url).pathname.split("/").filter(Boolean).at(-1) ?? "file";
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** `POST /conversations/{id|last}/reply`: an admin comment, note or quick reply, or a user comment. */
function reply(ctx: Ctx, c: Context<ApiEnv>, id: string, b: z.output<typeof replyBody>): Conversation {
  const wsId = c.var.workspace.id;
  const attachments = (b.attachment_urls ?? []).map((url) => ({ name: fileName(url), url }));
  const common = { body: b.body, attachments, createdAt: b.created_at };
  if (b.type === "admin") {
    if (id === "last") throw invalid("type", "Replying to the last conversation needs a user (intercom_user_id, user_id or email)");
    const author = adminActor(c, b.admin_id);
    const format = b.body !== undefined && looksLikeHtml(b.body) ? "html" : "text";
    return addPart(ctx, wsId, id, { author, kind: b.message_type, ...common, format, replyOptions: b.reply_options }).conversation;
  }
  if (b.message_type !== "comment") throw invalid("message_type", "A user can only reply with message_type comment");
  if (!b.intercom_user_id && !b.user_id && !b.email) throw invalid("intercom_user_id", "One of intercom_user_id, user_id or email is required", "parameter_not_found");
  const contact = findContactByRef(ctx, wsId, { id: b.intercom_user_id, externalId: b.user_id, email: b.email });
  if (!contact) throw notFound("User Not Found");
  const target = id === "last" ? findLastConversation(ctx, wsId, contact.id) : getConversation(ctx, wsId, id);
  if (!target) throw notFound("Conversation not found");
  return addPart(ctx, wsId, target.id, { author: { type: "contact", contactId: contact.id }, kind: "comment", ...common }).conversation;
}

/** `POST /conversations/{id}/parts`: assign (assignee "0" unassigns), snooze, open, close. */
function manage(ctx: Ctx, c: Context<ApiEnv>, id: string, b: z.output<typeof partsBody>): Conversation {
  const wsId = c.var.workspace.id;
  const by = adminActor(c, b.admin_id);
  switch (b.message_type) {
    case "assignment": {
      if (b.type === "team") throw invalid("type", "Teams are not supported: assign to an admin");
      if (b.assignee_id === undefined) throw invalid("assignee_id", "assignee_id is required", "parameter_not_found");
      const assignee = b.assignee_id === "0" ? null : adminActor(c, b.assignee_id, "assignee_id");
      const assigneeId = assignee?.type === "operator" ? assignee.operatorId : null;
      return assignConversation(ctx, wsId, id, { by, assigneeId, body: b.body }).conversation;
    }
    case "snoozed":
      return setConversationState(ctx, wsId, id, { by, state: "snoozed", snoozedUntil: b.snoozed_until === undefined ? undefined : b.snoozed_until * 1000 }).conversation;
    case "open":
      return setConversationState(ctx, wsId, id, { by, state: "open" }).conversation;
    case "close":
      return setConversationState(ctx, wsId, id, { by, state: "closed", body: b.body }).conversation;
  }
}

/**
 * `POST /messages`: a teammate's one-to-one message (in-app chat or email) to a contact, sent by the delivery engine
 * (a tracked delivery in the contact's timeline and the messages report); answers an `admin_message`. `id` is the
 * delivery; `conversation_id` is the chat's conversation (null for an email, or a chat the rules deferred).
 */
async function adminMessage(ctx: Ctx, c: Context<ApiEnv>, b: z.output<typeof messageBody>) {
  const wsId = c.var.workspace.id;
  const author = adminActor(c, b.from.id, "from.id");
  const contact = findContactByRef(ctx, wsId, { id: b.to.id, externalId: b.to.user_id, email: b.to.email });
  if (!contact) throw new AppError("NOT_FOUND", "User Not Found", { field: "to" });
  const operatorId = author.type === "operator" && author.operatorId > 0 ? author.operatorId : undefined;
  const { message, delivery } = await sendAdminMessage(ctx, wsId, {
    channel: b.message_type === "email" ? "email" : "chat", contactId: contact.id, operatorId, subject: b.subject, body: b.body,
    bodyFormat: looksLikeHtml(b.body) ? "html" : "markdown",
  });
  const op = operatorId !== undefined ? getOperator(ctx, operatorId) : undefined;
  return {
    type: "admin_message", id: delivery.id, created_at: Math.floor(message.createdAt / 1000), subject: b.subject ?? "", body: b.body,
    message_type: b.message_type, owner: op ? adminJson(op) : { type: "admin", id: "0", name: `${c.var.workspace.name} API`, email: null },
    conversation_id: delivery.conversationId === null ? null : String(delivery.conversationId),
  };
}
