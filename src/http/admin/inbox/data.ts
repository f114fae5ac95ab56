import type { Context } from "hono";
import { findContact, getContact } from "../../../contacts/index.js";
import { isOnline } from "../../../contacts/presence.js";
import type { Ctx } from "../../../context.js";
import {
  htmlToText, inboxCounts, listConversations, listParts, listRecentParts, listSavedReplies, readMarker, uploadIdOf,
  type Conversation, type ConversationCursor, type Part,
} from "../../../conversations/index.js";
import { listEventSummaries } from "../../../events/index.js";
import { listOperators } from "../../../operators/queries.js";
import { listContactSegments } from "../../../segments/index.js";
import { listContactTags } from "../../../tags/index.js";
import { displayName } from "../../../../views/contacts/cells.js";
import type { ComposerProps } from "../../../../views/inbox/composer.js";
import { inboxHref, type InboxQuery } from "../../../../views/inbox/list-url.js";
import type { InboxRow, ListProps } from "../../../../views/inbox/list.js";
import type { ViewLink } from "../../../../views/inbox/page.js";
import type { SidebarProps } from "../../../../views/inbox/sidebar.js";
import type { ThreadHeadProps, ThreadPart } from "../../../../views/inbox/thread.js";
import type { AdminEnv } from "../env.js";
import { formAuth } from "../render.js";
import { hubFor } from "../../../realtime/index.js";
import { onlineOperatorIds } from "./presence.js";
import { inboxView } from "./query.js";

const PER_PAGE = 50;
/** The thread shows this many latest parts (long conversations keep older ones in the API). */
const THREAD_PARTS = 300;
const SNIPPET = 120;

const teammates = (ctx: Ctx) => listOperators(ctx).map((o) => ({ id: o.id, name: o.name }));

/** `<updated_at>.<id>.<page>` of the last row shown: where "Load more" continues (keyset, so no row is skipped or repeated). */
export function parseListCursor(raw: string | undefined): ConversationCursor | undefined {
  const m = raw ? /^(\d{1,15})\.(\d{1,15})\.(\d{1,6})$/.exec(raw) : null;
  return m ? { at: Number(m[1]), id: Number(m[2]), page: Number(m[3]) } : undefined;
}

/** The list of a list state: rows with contact name, snippet, assignee and unread flag for this operator. */
export function listProps(c: Context<AdminEnv>, ctx: Ctx, q: InboxQuery, after?: ConversationCursor): ListProps {
  const ws = c.var.workspace.id;
  const me = c.var.operator!.id;
  const ops = teammates(ctx);
  const names = new Map(ops.map((o) => [o.id, o.name]));
  const page = listConversations(ctx, ws, { perPage: PER_PAGE, view: inboxView(q, me), state: q.state, text: q.q || undefined, order: "last_activity", after });
  const rows = page.rows.map((conv): InboxRow => {
    const contact = findContact(ctx, ws, conv.contactId);
    return {
      id: conv.id, contactName: contact ? displayName(contact) : "Unknown contact", title: conv.title, snippet: snippet(ctx, conv),
      assigneeName: conv.assigneeId === null ? null : (names.get(conv.assigneeId) ?? "Former teammate"), state: conv.state,
      snoozedUntil: conv.snoozedUntil, updatedAt: conv.updatedAt,
      unread: (conv.lastContactPartId ?? 0) > readMarker(ctx, conv.id, { type: "operator", operatorId: me }),
    };
  });
  const next = page.next ? `${page.next.at}.${page.next.id}.${page.next.page}` : undefined;
  return { q, rows, total: page.total, operators: ops, auth: formAuth(c), next };
}

/** Plain text of the latest message (comment or note) among the last few parts. */
function snippet(ctx: Ctx, conv: Conversation): string {
  const last = listRecentParts(ctx, conv.id, 5).reverse().find((p) => p.body && (p.partType === "comment" || p.partType === "note"));
  const text = last?.body ? htmlToText(last.body).replace(/\s+/g, " ").trim() : "";
  return text.length > SNIPPET ? `${text.slice(0, SNIPPET - 1)}…` : text;
}

/** Inbox views with open counts: mine, unassigned, all, then one per teammate. */
export function viewLinks(c: Context<AdminEnv>, ctx: Ctx): ViewLink[] {
  const counts = inboxCounts(ctx, c.var.workspace.id, c.var.operator!.id);
  const me = c.var.operator!.id;
  const online = onlineOperatorIds(hubFor(ctx), c.var.workspace.id);
  return [
    { key: "mine", label: "Mine", count: counts.mine.open },
    { key: "unassigned", label: "Unassigned", count: counts.unassigned.open },
    { key: "all", label: "All", count: counts.all.open },
    ...teammates(ctx).filter((o) => o.id !== me).map((o) => ({ key: `op-${o.id}`, label: o.name, operator: { id: o.id, online: online.has(o.id) } })),
  ];
}

/** Header and parts of the open conversation. */
export function threadProps(c: Context<AdminEnv>, ctx: Ctx, conv: Conversation, q: InboxQuery): { head: ThreadHeadProps; parts: ThreadPart[] } {
  const contact = getContact(ctx, c.var.workspace.id, conv.contactId);
  const ops = teammates(ctx);
  const names = new Map(ops.map((o) => [String(o.id), o.name]));
  const all = listParts(ctx, conv.id);
  const parts = all.slice(-THREAD_PARTS).map((p: Part): ThreadPart => ({
    id: p.id, type: p.partType, public: p.public, authorType: p.authorType, body: p.body, createdAt: p.createdAt,
    attachments: p.attachments.map((a) => {
      const upload = uploadIdOf(a.url);
      return { name: a.name, url: upload ? `/inbox/files/${upload}` : a.url, image: Boolean(a.contentType?.startsWith("image/")), width: a.width, height: a.height };
    }),
    authorName: p.authorType === "contact" ? displayName(contact) : p.authorType === "system" ? "Parley" : (names.get(p.authorId ?? "") ?? "Parley API"),
    assignedToName: p.assignedToId === null ? null : (names.get(String(p.assignedToId)) ?? "a former teammate"),
    snoozedUntil: p.meta?.snoozedUntil ?? null,
  }));
  const head: ThreadHeadProps = {
    id: conv.id, contactName: displayName(contact), state: conv.state, snoozedUntil: conv.snoozedUntil, assigneeId: conv.assigneeId,
    operators: ops, auth: formAuth(c), q,
  };
  return { head, parts };
}

/** Composer props for a conversation (saved replies listed for the picker). */
export function composerProps(c: Context<AdminEnv>, ctx: Ctx, conv: Conversation, q: InboxQuery): ComposerProps {
  const savedReplies = listSavedReplies(ctx, c.var.workspace.id).map((r) => ({ id: r.id, name: r.name }));
  return { conversationId: conv.id, auth: formAuth(c), q, savedReplies };
}

/** The contact next to the thread. */
export function sidebarProps(c: Context<AdminEnv>, ctx: Ctx, conv: Conversation, q: InboxQuery): SidebarProps {
  const ws = c.var.workspace.id;
  const contact = getContact(ctx, ws, conv.contactId);
  const others = listConversations(ctx, ws, { perPage: 10, contactId: contact.id, order: "last_activity" }).rows.filter((o) => o.id !== conv.id);
  return {
    contact, online: isOnline(ctx, contact), tags: listContactTags(ctx, contact.id).map((t) => t.name),
    segments: listContactSegments(ctx, ws, contact.id).map((s) => ({ id: s.id, name: s.name })),
    events: listEventSummaries(ctx, contact.id),
    others: others.map((o) => ({ id: o.id, state: o.state, updatedAt: o.updatedAt, href: inboxHref({ ...q, view: "all", state: o.state }, o.id) })),
  };
}
