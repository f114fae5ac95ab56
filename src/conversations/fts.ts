import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { conversations } from "../db/schema/index.js";

/**
 * Full-text search over parts with SQLite FTS5. `conversation_parts_fts` is created by the custom migration
 * (fts.sql): contentless, keyed by part id; rows are written here (plain text of the HTML body) and removed
 * by a trigger when their part is deleted (directly or by cascade).
 */

/** Adds a part's plain text to the index (inside the part's transaction). */
export function indexPartText(ctx: Ctx, partId: number, text: string): void {
  if (text.trim() === "") return;
  ctx.db.run(sql`INSERT INTO conversation_parts_fts (rowid, body) VALUES (${partId}, ${text})`);
}

const MAX_TERMS = 16;

/**
 * Turns what a person typed into an FTS5 query: every word must appear (any order), the last one as a
 * prefix so results follow typing. Quoting each word keeps FTS syntax (AND, NEAR, `*`, `"`) inert.
 * Undefined when there is no word to look for.
 */
export function ftsQuery(text: string, opts: { prefixLast?: boolean } = {}): string | undefined {
  const words = text.match(/[\p{L}\p{N}_]+/gu)?.slice(0, MAX_TERMS) ?? [];
  if (words.length === 0) return undefined;
  return words.map((w, i) => `"${w}"${opts.prefixLast !== false && i === words.length - 1 ? "*" : ""}`).join(" ");
}

/** Condition on `conversations`: some part (notes included) matches the FTS query. */
export function anyPartMatches(workspaceId: string, query: string): SQL {
  return sql`${conversations.id} IN (SELECT p.conversation_id FROM conversation_parts_fts f
    JOIN conversation_parts p ON p.id = f.rowid
    WHERE conversation_parts_fts MATCH ${query} AND p.workspace_id = ${workspaceId})`;
}

/** Condition on `conversations`: the opening message matches (Intercom's `source.body`, word by word). */
export function sourceMatches(query: string): SQL {
  return sql`${conversations.sourcePartId} IN (SELECT rowid FROM conversation_parts_fts WHERE conversation_parts_fts MATCH ${query})`;
}

export interface TextHit {
  conversationId: number;
  partId: number;
  /** bm25 rank: lower is better. */
  rank: number;
}

/** Best-ranked matching parts (bm25), at most one per conversation; for an inbox search box. */
export function searchPartsText(ctx: Ctx, workspaceId: string, text: string, limit = 50): TextHit[] {
  const query = ftsQuery(text);
  if (!query) return [];
  // A bare column next to min() comes from the row holding the minimum: the best-ranked part of each conversation.
  return ctx.db.all<TextHit>(sql`SELECT h.conversation_id AS conversationId, h.part_id AS partId, min(h.rank) AS rank
    FROM (SELECT p.conversation_id, p.id AS part_id, f.rank FROM conversation_parts_fts f
      JOIN conversation_parts p ON p.id = f.rowid
      WHERE conversation_parts_fts MATCH ${query} AND p.workspace_id = ${workspaceId}
      ORDER BY f.rank LIMIT 1000) h
    GROUP BY h.conversation_id ORDER BY rank LIMIT ${limit}`);
}
