import { compileQueryTree } from "../lib/search-query.js";
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { compileCondition, SEARCH_OPERATORS, type ContactField, type FieldType, type SearchOperator } from "../contacts/index.js";
import { conversations as c } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";
import { ftsQuery, sourceMatches } from "./fts.js";

/**
 * Intercom's search language over conversations (COMPAT §2.8), compiled with the same operator rules as
 * contact search (`compileCondition`); only the field map differs. Unknown fields are refused by path.
 */
export interface ConversationSearchScope {
  workspaceId: string;
  timeZone: string;
}

const field = (type: FieldType, expr: SQL | SQLiteColumn, extra: Partial<ContactField> = {}): ContactField => ({ type, expr, ...extra });
const source = (column: string) => sql`(SELECT ${sql.identifier(column)} FROM conversation_parts sp WHERE sp.id = ${c.sourcePartId})`;

/** `source.body`: the opening message contains (`~`) or lacks (`!~`) all the given words. */
const sourceBody = field("string", c.id, {
  operators: ["~", "!~"],
  compile: (op, [text]) => {
    const q = ftsQuery(String(text), { prefixLast: false });
    const hit = q ? sourceMatches(q) : sql`0`;
    return op === "~" ? hit : sql`NOT ${hit}`;
  },
});

/** `teammate_ids`: an operator wrote in the conversation. */
const teammates = field("integer", c.id, {
  operators: ["=", "!=", "IN", "NIN"],
  compile: (op, ids) => {
    const list = sql.join(ids.map((id) => sql`${String(id)}`), sql`, `);
    const has = sql`EXISTS (SELECT 1 FROM conversation_parts tp WHERE tp.conversation_id = ${c.id}
      AND tp.author_type = 'operator' AND tp.author_id IN (${list}))`;
    return op === "=" || op === "IN" ? has : sql`NOT ${has}`;
  },
});

const FIELDS: Record<string, ContactField> = {
  id: field("integer", c.id),
  created_at: field("date", c.createdAt),
  updated_at: field("date", c.updatedAt),
  "source.type": field("string", sql`(CASE ${c.channel} WHEN 'email' THEN 'email' ELSE 'conversation' END)`),
  "source.id": field("integer", c.sourcePartId),
  "source.delivered_as": field("string", c.deliveredAs),
  "source.subject": field("string", c.subject),
  "source.body": sourceBody,
  "source.author.id": field("string", source("author_id")),
  "source.author.type": field(
    "string",
    sql`(CASE ${source("author_type")} WHEN 'operator' THEN 'admin' WHEN 'system' THEN 'bot'
      ELSE (SELECT role FROM contacts sc WHERE sc.id = ${c.contactId}) END)`,
  ),
  contact_ids: field("string", c.contactId, { operators: ["=", "!=", "IN", "NIN"] }),
  teammate_ids: teammates,
  admin_assignee_id: field("integer", c.assigneeId),
  team_assignee_id: field("integer", sql`NULL`),
  open: field("boolean", sql`(${c.state} <> 'closed')`),
  read: field("boolean", sql`(${c.lastContactPartId} IS NULL OR coalesce(${c.adminReadPartId}, 0) >= ${c.lastContactPartId})`),
  state: field("string", c.state),
  waiting_since: field("date", c.waitingSince),
  snoozed_until: field("date", c.snoozedUntil),
  title: field("string", c.title),
};

/** Names of the searchable conversation fields (besides `custom_attributes.<name>`). */
export const CONVERSATION_SEARCH_FIELDS = Object.keys(FIELDS);

/** Conversation custom attributes have no registry: the value's own type decides how to compare. */
function customField(name: string, value: unknown): ContactField | undefined {
  const key = /^custom_attributes\.([^"\\]{1,190})$/.exec(name)?.[1];
  if (!key) return undefined;
  const sample = Array.isArray(value) ? value[0] : value;
  const type: FieldType = typeof sample === "boolean" ? "boolean" : typeof sample === "number" ? (Number.isInteger(sample) ? "integer" : "float") : "string";
  return field(type, sql`json_extract(${c.customAttributes}, ${`$."${key}"`})`);
}


/** Compiles a search query into a condition on `conversations`; problems are VALIDATION errors naming their path. */
export function compileConversationSearch(scope: ConversationSearchScope, query: unknown, path = "query"): SQL {
  return compileQueryTree(query, path, (n, p) => compileFilter(scope, n, p));
}


function compileFilter(scope: ConversationSearchScope, n: Record<string, unknown>, path: string): SQL {
  if (typeof n.field !== "string" || n.field === "") throw invalid(`${path}.field`, `${path}.field must be a non-empty string`);
  const f = (Object.hasOwn(FIELDS, n.field) ? FIELDS[n.field] : undefined) ?? customField(n.field, n.value);
  if (!f) throw invalid(`${path}.field`, `${path}.field: unknown or unsupported field '${n.field.slice(0, 100)}'`);
  const op = typeof n.operator === "string" ? n.operator.toUpperCase() : undefined;
  if (!op || !(SEARCH_OPERATORS as readonly string[]).includes(op)) {
    throw invalid(`${path}.operator`, `${path}.operator must be one of ${SEARCH_OPERATORS.join(" ")}`);
  }
  return compileCondition(f, op as SearchOperator, n.value, scope.timeZone, path);
}
