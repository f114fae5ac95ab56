import type { Context, Hono } from "hono";
import type { Ctx } from "../../../context.js";
import {
  addPart, assignConversation, assignRoundRobin, bindUpload, getConversation, saveImage, setConversationState, type Conversation,
} from "../../../conversations/index.js";
import { AppError, invalid } from "../../../lib/errors.js";
import { HOUR, DAY } from "../../../lib/clock.js";
import { Composer } from "../../../../views/inbox/composer.js";
import { inboxHref } from "../../../../views/inbox/list-url.js";
import { ConversationList } from "../../../../views/inbox/list.js";
import type { AdminEnv } from "../env.js";
import { isHtmx, sendHtml } from "../render.js";
import { composerProps, listProps } from "./data.js";
import { pathConversation, threadLive } from "./pages.js";
import { operatorActor, readQuery } from "./query.js";
import { readUploadForm, refuseLargeBody } from "../../widget/upload-form.js";

const SNOOZE_FOR: Record<string, number> = { "1h": HOUR, "4h": 4 * HOUR, "1d": DAY, "7d": 7 * DAY };

async function field(c: Context<AdminEnv>, name: string): Promise<string> {
  const v = (await c.req.parseBody())[name];
  return typeof v === "string" ? v : "";
}

/** An assignee field: "" unassigns, otherwise an operator id. */
async function assigneeField(c: Context<AdminEnv>): Promise<number | null> {
  const raw = await field(c, "assignee");
  if (raw === "") return null;
  if (!/^\d{1,9}$/.test(raw)) throw invalid("assignee", "Pick a teammate");
  return Number(raw);
}

/** htmx gets the refreshed thread; a plain form post goes back to the conversation page. */
async function afterChange(c: Context<AdminEnv>, ctx: Ctx, conv: Conversation) {
  const q = await readQuery(c, conv.id);
  if (!isHtmx(c)) return c.redirect(inboxHref(q, conv.id), 303);
  return sendHtml(c, threadLive(c, ctx, getConversation(ctx, c.var.workspace.id, conv.id), q));
}

/** When a snooze ends: a preset from now, or a UTC date and time typed into the picker. */
async function snoozeUntil(c: Context<AdminEnv>, ctx: Ctx): Promise<number> {
  const preset = await field(c, "for");
  if (preset !== "until" && SNOOZE_FOR[preset]) return ctx.clock.now() + SNOOZE_FOR[preset];
  const typed = await field(c, "until");
  const at = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(typed) ? Date.parse(`${typed}Z`) : NaN;
  if (!Number.isFinite(at)) throw invalid("until", "Pick when the snooze ends");
  return at;
}

/** Reply, note, assign, snooze, close, reopen, and bulk assign / close. */
export function actionRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  replyRoute(app, ctx);
  changeRoutes(app, ctx);
  bulkRoute(app, ctx);
}

/** The image of a multipart composer post, if one was picked. */
async function composerImage(c: Context<AdminEnv>, ctx: Ctx) {
  if (!(c.req.header("content-type") ?? "").startsWith("multipart/form-data")) return undefined;
  refuseLargeBody(ctx, c);
  return (await readUploadForm(c)).file;
}

/**
 * `POST /inbox/:id/reply` (kind comment or note; optionally multipart with an image `file`): a fresh composer,
 * and the thread swapped out-of-band.
 */
function replyRoute(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.post("/:id{[0-9]+}/reply", async (c) => {
    const conv = pathConversation(c, ctx);
    const q = await readQuery(c, conv.id);
    const kind = (await field(c, "kind")) === "note" ? "note" : "comment";
    const body = await field(c, "body");
    const props = composerProps(c, ctx, conv, q);
    const file = await composerImage(c, ctx);
    if (body.trim() === "" && !file) return sendHtml(c, <Composer {...props} kind={kind} error="Write something first." />, 422);
    let upload: ReturnType<typeof saveImage> | undefined;
    try {
      upload = file && saveImage(ctx, c.var.workspace.id, file);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== "VALIDATION" && err.code !== "PAYLOAD_TOO_LARGE")) throw err;
      return sendHtml(c, <Composer {...props} kind={kind} body={body} error={err.message} />, 422);
    }
    addPart(ctx, c.var.workspace.id, conv.id, { author: operatorActor(c), kind, body, format: "text", attachments: upload ? [upload.attachment] : [] });
    if (upload) bindUpload(ctx, upload.meta, conv.id);
    if (!isHtmx(c)) return c.redirect(inboxHref(q, conv.id), 303);
    const live = <div id="thread-live" hx-swap-oob="innerHTML">{threadLive(c, ctx, conv, q)}</div>;
    return sendHtml(c, <><Composer {...props} kind={kind} />{live}</>);
  });
}

/** Assign, snooze, close and reopen: each answers with the refreshed thread. */
function changeRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.post("/:id{[0-9]+}/assign", async (c) => {
    const conv = pathConversation(c, ctx);
    // "rr": the next available teammate by round-robin (the one assigned longest ago, away mode skipped).
    if ((await field(c, "assignee")) === "rr") assignRoundRobin(ctx, c.var.workspace.id, conv.id, operatorActor(c));
    else assignConversation(ctx, c.var.workspace.id, conv.id, { by: operatorActor(c), assigneeId: await assigneeField(c) });
    return afterChange(c, ctx, conv);
  });

  app.post("/:id{[0-9]+}/snooze", async (c) => {
    const conv = pathConversation(c, ctx);
    setConversationState(ctx, c.var.workspace.id, conv.id, { by: operatorActor(c), state: "snoozed", snoozedUntil: await snoozeUntil(c, ctx) });
    return afterChange(c, ctx, conv);
  });

  for (const [path, state] of [["close", "closed"], ["open", "open"]] as const) {
    app.post(`/:id{[0-9]+}/${path}`, async (c) => {
      const conv = pathConversation(c, ctx);
      setConversationState(ctx, c.var.workspace.id, conv.id, { by: operatorActor(c), state });
      return afterChange(c, ctx, conv);
    });
  }
}

/** `POST /inbox/bulk`: assign or close the ticked conversations (at most 200), then the list again. */
function bulkRoute(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.post("/bulk", async (c) => {
    const ws = c.var.workspace.id;
    const ids = [(await c.req.parseBody({ all: true })).ids].flat().filter((v): v is string => typeof v === "string");
    const action = await field(c, "action");
    if (action !== "assign" && action !== "close") throw invalid("action", "Choose assign or close");
    if (ids.length === 0) throw new AppError("VALIDATION", "Select at least one conversation");
    const assignee = action === "assign" ? await assigneeField(c) : null;
    for (const id of ids.slice(0, 200)) {
      if (action === "assign") assignConversation(ctx, ws, id, { by: operatorActor(c), assigneeId: assignee });
      else setConversationState(ctx, ws, id, { by: operatorActor(c), state: "closed" });
    }
    const q = await readQuery(c);
    if (!isHtmx(c)) return c.redirect(inboxHref(q, q.open), 303);
    return sendHtml(c, <ConversationList {...listProps(c, ctx, q)} />);
  });
}
