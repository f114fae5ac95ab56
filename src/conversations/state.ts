import { and, eq, lte } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { conversations } from "../db/schema/index.js";
import { AppError, invalid } from "../lib/errors.js";
import type { ChangeResult } from "./assign.js";
import { publishParts } from "./events.js";
import { parseInput, stateInput, type StateInput } from "./inputs.js";
import { getConversation, type Conversation, type Part } from "./queries.js";
import { applyParts, checkActor, insertPart, storedBody } from "./write.js";

const PART_OF = { open: "open", closed: "close", snoozed: "snoozed" } as const;

/**
 * Opens, snoozes (until a time in the future) or closes a conversation, recording the matching part.
 * Closing may carry closing words, shown to the contact. Asking for the state it already has (same snooze
 * time, no body) changes nothing.
 */
export function setConversationState(ctx: Ctx, workspaceId: string, conversationId: string | number, raw: StateInput): ChangeResult {
  const input = parseInput(stateInput, raw);
  const result = withTx(ctx, (): ChangeResult => {
    const conv = getConversation(ctx, workspaceId, conversationId);
    const by = checkActor(ctx, conv, input.by);
    if (by.type === "contact") throw new AppError("FORBIDDEN", "A contact changes a conversation's state only by replying");
    const now = ctx.clock.now();
    const until = input.state === "snoozed" ? snoozeTime(input.snoozedUntil, now) : null;
    if (input.body !== undefined && input.state !== "closed") throw invalid("body", "Only closing takes a body");
    const body = storedBody(input.body, "html", by);
    if (conv.state === input.state && conv.snoozedUntil === until && body === null) return { conversation: conv, part: undefined };
    const part = insertPart(ctx, conv, {
      partType: PART_OF[input.state], public: body !== null, author: by, body, meta: until === null ? null : { snoozedUntil: until }, createdAt: now,
    });
    const changes: Partial<Conversation> = { state: input.state, snoozedUntil: until };
    if (input.state === "closed") changes.waitingSince = null;
    return { conversation: applyParts(ctx, conv, [part], now, changes), part };
  });
  if (result.part) publishParts(ctx, result.conversation, [result.part]);
  return result;
}

function snoozeTime(until: number | undefined, now: number): number {
  if (until === undefined) throw invalid("snoozed_until", "snoozed_until is required to snooze", "parameter_not_found");
  if (until <= now) throw invalid("snoozed_until", "snoozed_until must be in the future");
  return until;
}

/** Most conversations one `wakeSnoozed` call reopens; the job's next run takes the rest. */
const WAKE_BATCH = 500;

/**
 * Reopens snoozed conversations whose time has come, each with a `timer_unsnooze` part by the system
 * (for a job; one transaction per call). Returns the woken conversations.
 */
export function wakeSnoozed(ctx: Ctx): Conversation[] {
  const now = ctx.clock.now();
  const woken = withTx(ctx, () => {
    const due = ctx.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.state, "snoozed"), lte(conversations.snoozedUntil, now)))
      .orderBy(conversations.snoozedUntil)
      .limit(WAKE_BATCH)
      .all();
    return due.map((conv): [Conversation, Part] => {
      const part = insertPart(ctx, conv, { partType: "timer_unsnooze", public: false, author: { type: "system" }, createdAt: now });
      return [applyParts(ctx, conv, [part], now, { state: "open", snoozedUntil: null }), part];
    });
  });
  for (const [conv, part] of woken) publishParts(ctx, conv, [part]);
  return woken.map(([conv]) => conv);
}
