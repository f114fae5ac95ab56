import type { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { MESSAGE_CHANNELS, MESSAGE_STATUSES, type MessageChannel, type MessageStatus } from "../../../db/schema/index.js";
import { listMessages, listStatsByMessage } from "../../../outbound/index.js";
import { listHref, MessagesList, type ListQuery, type ListTab } from "../../../../views/messages/list.js";
import type { AdminEnv } from "../env.js";
import { page } from "../render.js";

const PAGE_SIZE = 50;
const SHOWN: MessageStatus[] = MESSAGE_STATUSES.filter((s) => s !== "archived");

/** `/messages`: tabs one-off / automatic / all, channel and status filters, key figures per row, keyset pages. */
export function listRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/", (c) => {
    const q = c.req.query();
    const query: ListQuery = {
      tab: (["one_off", "ongoing"].includes(q.tab ?? "") ? q.tab : "all") as ListTab,
      channel: (MESSAGE_CHANNELS as readonly string[]).includes(q.channel ?? "") ? (q.channel as MessageChannel) : undefined,
      status: (MESSAGE_STATUSES as readonly string[]).includes(q.status ?? "") ? (q.status as MessageStatus) : undefined,
    };
    const before = /^(\d{1,15})\.([\w-]{1,64})$/.exec(q.before ?? "");
    const rows = listMessages(ctx, c.var.workspace.id, {
      status: query.status ?? SHOWN,
      ...(query.tab !== "all" ? { kind: query.tab } : {}),
      ...(query.channel ? { channel: query.channel } : {}),
      ...(before ? { before: { createdAt: Number(before[1]), id: before[2]! } } : {}),
      limit: PAGE_SIZE + 1,
    });
    const messages = rows.slice(0, PAGE_SIZE);
    const last = rows.length > PAGE_SIZE ? messages[messages.length - 1] : undefined;
    const nextHref = last ? `${listHref(query)}${listHref(query).includes("?") ? "&" : "?"}before=${last.createdAt}.${encodeURIComponent(last.id)}` : undefined;
    const fragment = <MessagesList query={query} messages={messages} stats={listStatsByMessage(ctx, messages.map((m) => m.id))} nextHref={nextHref} />;
    return page(c, { title: "Messages", active: "messages", fragment });
  });
}
