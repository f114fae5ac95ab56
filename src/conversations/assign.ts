import { sql } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { AppError } from "../lib/errors.js";
import { findOperator, getOperator, type Operator } from "../operators/queries.js";
import { publishParts } from "./events.js";
import { assignInput, parseInput, type Actor, type AssignInput } from "./inputs.js";
import { getConversation, type Conversation, type Part } from "./queries.js";
import { applyParts, checkActor, insertPart, storedBody } from "./write.js";

export interface ChangeResult {
  conversation: Conversation;
  /** The part recording the change; undefined when nothing changed. */
  part: Part | undefined;
}

/**
 * Assigns a conversation to an operator, or unassigns it (`assigneeId: null`), recording an `assignment`
 * part (with an optional note-like body). Assigning to the current assignee without a body changes nothing.
 */
export function assignConversation(ctx: Ctx, workspaceId: string, conversationId: string | number, raw: AssignInput): ChangeResult {
  const input = parseInput(assignInput, raw);
  const result = withTx(ctx, () => {
    const conv = getConversation(ctx, workspaceId, conversationId);
    return assignInTx(ctx, conv, checkActor(ctx, conv, input.by), input.assigneeId, input.body);
  });
  if (result.part) publishParts(ctx, result.conversation, [result.part]);
  return result;
}

function assignInTx(ctx: Ctx, conv: Conversation, by: Actor, assigneeId: number | null, body?: string): ChangeResult {
  if (by.type === "contact") throw new AppError("FORBIDDEN", "A contact cannot assign conversations");
  if (assigneeId !== null) getOperator(ctx, assigneeId);
  const text = storedBody(body, "text", by);
  if (conv.assigneeId === assigneeId && text === null) return { conversation: conv, part: undefined };
  const now = ctx.clock.now();
  const part = insertPart(ctx, conv, { partType: "assignment", public: false, author: by, body: text, assignedToId: assigneeId, createdAt: now });
  return { conversation: applyParts(ctx, conv, [part], now, { assigneeId }), part };
}

/**
 * The next operator for round-robin assignment: among operators not in away mode, the one whose latest
 * assignment in this workspace is oldest (never assigned first, then by id). Derived from assignment parts,
 * so it needs no state of its own and survives restarts.
 */
export function pickRoundRobinOperator(ctx: Ctx, workspaceId: string): Operator | undefined {
  const row = ctx.db.get<{ id: number } | undefined>(sql`SELECT o.id FROM operators o
    LEFT JOIN (SELECT assigned_to_id, max(id) AS last FROM conversation_parts
      WHERE part_type = 'assignment' AND workspace_id = ${workspaceId} AND assigned_to_id IS NOT NULL GROUP BY assigned_to_id) a
      ON a.assigned_to_id = o.id
    WHERE o.away_mode = 0
    ORDER BY a.last IS NOT NULL, a.last, o.id LIMIT 1`);
  return row ? findOperator(ctx, row.id) : undefined;
}

/** Assigns to the next round-robin operator; leaves the conversation as it is when everyone is away. */
export function assignRoundRobin(ctx: Ctx, workspaceId: string, conversationId: string | number, by: Actor = { type: "system" }): ChangeResult {
  const result = withTx(ctx, () => {
    const conv = getConversation(ctx, workspaceId, conversationId);
    const actor = checkActor(ctx, conv, parseInput(assignInput.shape.by, by));
    const next = pickRoundRobinOperator(ctx, workspaceId);
    return next ? assignInTx(ctx, conv, actor, next.id) : { conversation: conv, part: undefined };
  });
  if (result.part) publishParts(ctx, result.conversation, [result.part]);
  return result;
}
