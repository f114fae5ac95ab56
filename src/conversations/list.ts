import { and, count, desc, eq, isNull, lt, or, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { conversations } from "../db/schema/index.js";
import { anyPartMatches, ftsQuery } from "./fts.js";
import type { Conversation, ConversationState } from "./queries.js";

/** Inbox views: everything, the operator's own, nobody's, or one teammate's. */
export type InboxView =
  | { kind: "all" }
  | { kind: "mine"; operatorId: number }
  | { kind: "unassigned" }
  | { kind: "teammate"; operatorId: number };

/** `newest`: by id, stable while paging (the API). `last_activity`: most recently updated first (the inbox). */
export type ListOrder = "newest" | "last_activity";

/** Where the next page starts (after this row), and which page number it is. */
export interface ConversationCursor {
  id: number;
  /** updated_at of that row, for `last_activity`. */
  at: number;
  page: number;
}

export interface ListConversationsOpts {
  perPage: number;
  view?: InboxView | undefined;
  /** Default: every state. */
  state?: ConversationState | undefined;
  contactId?: string | undefined;
  /** Free text: every word must appear in some part (notes included). */
  text?: string | undefined;
  /** An extra condition, e.g. a compiled Intercom search query. */
  where?: SQL | undefined;
  order?: ListOrder | undefined;
  after?: ConversationCursor | undefined;
}

export interface ConversationPage {
  rows: Conversation[];
  total: number;
  page: number;
  totalPages: number;
  next?: ConversationCursor;
}

function viewCondition(view: InboxView | undefined): SQL | undefined {
  if (!view || view.kind === "all") return undefined;
  if (view.kind === "unassigned") return isNull(conversations.assigneeId);
  return eq(conversations.assigneeId, view.operatorId);
}

/**
 * One page of a workspace's conversations for an inbox view or an API list, with the total. Keyset paging:
 * `newest` pages never shift; `last_activity` pages follow updated_at, so a conversation updated while paging
 * may move to the first page.
 */
export function listConversations(ctx: Ctx, workspaceId: string, opts: ListConversationsOpts): ConversationPage {
  const text = opts.text ? ftsQuery(opts.text) : undefined;
  const base = and(
    eq(conversations.workspaceId, workspaceId),
    viewCondition(opts.view),
    opts.state ? eq(conversations.state, opts.state) : undefined,
    opts.contactId ? eq(conversations.contactId, opts.contactId) : undefined,
    text ? anyPartMatches(workspaceId, text) : undefined,
    opts.where,
  );
  const byActivity = opts.order === "last_activity";
  const a = opts.after;
  const keyset = !a
    ? undefined
    : byActivity
      ? or(lt(conversations.updatedAt, a.at), and(eq(conversations.updatedAt, a.at), lt(conversations.id, a.id)))
      : lt(conversations.id, a.id);
  const fetched = ctx.db
    .select()
    .from(conversations)
    .where(and(base, keyset))
    .orderBy(...(byActivity ? [desc(conversations.updatedAt), desc(conversations.id)] : [desc(conversations.id)]))
    .limit(opts.perPage + 1)
    .all();
  const total = ctx.db.select({ n: count() }).from(conversations).where(base).get()?.n ?? 0;
  const rows = fetched.slice(0, opts.perPage);
  const page = a ? a.page : 1;
  const last = rows[rows.length - 1];
  return {
    rows,
    total,
    page,
    totalPages: Math.ceil(total / opts.perPage),
    ...(fetched.length > opts.perPage && last ? { next: { id: last.id, at: last.updatedAt, page: page + 1 } } : {}),
  };
}
