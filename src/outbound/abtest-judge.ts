import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { messages } from "../db/schema/index.js";
import { analyzeAbTest, type AbVerdict } from "./abtest.js";
import { promoteVariant } from "./manage.js";
import { findMessage } from "./queries.js";

/**
 * Looks at a message's A/B test and, when auto-promotion is on and a winner is declared, promotes it. Returns the
 * verdict and whether this call promoted; undefined for a message without a running test (one variant and no
 * control group, or a winner already chosen).
 */
export function judgeAbTest(ctx: Ctx, workspaceId: string, messageId: string): { verdict: AbVerdict; promoted: boolean } | undefined {
  const m = findMessage(ctx, workspaceId, messageId);
  if (!m || m.winnerVariantId || (m.variants.length < 2 && m.controlPercent === 0)) return undefined;
  const verdict = analyzeAbTest(ctx, m);
  if (!m.autoPromote || !verdict.winner) return { verdict, promoted: false };
  promoteVariant(ctx, workspaceId, m.id, verdict.winner.variantId);
  ctx.log.info("outbound.ab_promoted", { messageId: m.id, variant: verdict.winner.label, metric: verdict.metric });
  return { verdict, promoted: true };
}

/** The statuses in which a test still collects contacts (or just finished collecting them). */
const RUNNING = ["sending", "sent", "live", "paused"] as const;

/** Runs `judgeAbTest` over every message with auto-promotion on and no winner yet; returns how many were promoted. */
export function judgeAutoPromotions(ctx: Ctx): number {
  const rows = ctx.db
    .select({ id: messages.id, workspaceId: messages.workspaceId })
    .from(messages)
    .where(and(eq(messages.autoPromote, true), isNull(messages.winnerVariantId), inArray(messages.status, [...RUNNING])))
    .all();
  let promoted = 0;
  for (const r of rows) if (judgeAbTest(ctx, r.workspaceId, r.id)?.promoted) promoted++;
  return promoted;
}
