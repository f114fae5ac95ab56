import { eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { seriesVersions } from "../db/schema/index.js";
import { createMessage, launchMessage, parseMessageInput } from "../outbound/index.js";
import type { SendStep } from "./inputs.js";
import type { Series, SeriesVersion } from "./queries.js";
import { flatten } from "./tree.js";

/**
 * Makes sure every send step of a version has its message (kind 'series', live), created once per version:
 * contacts on an older version keep getting that version's messages. Synchronous, so it may run inside the
 * caller's transaction (the dry-run's, which is rolled back).
 */
export function ensureVersionMessages(ctx: Ctx, s: Series, v: SeriesVersion): Record<string, string> {
  const ids = { ...v.messageIds };
  const sends = flatten(v.definition.steps).filter((st): st is SendStep => st.type === "send" && !ids[st.id]);
  if (sends.length === 0) return ids;
  for (const step of sends) {
    const input = parseMessageInput({
      name: `${s.name} · ${step.name} (v${v.number})`,
      kind: "series",
      channel: step.channel,
      seriesId: s.id,
      bypassCap: step.bypassCap ?? false,
      variants: step.variants.map((va) => ({
        ...(va.label ? { label: va.label } : {}), weight: va.weight ?? 100, subject: va.subject ?? null, body: va.body,
      })),
    });
    const m = createMessage(ctx, s.workspaceId, input, s.createdBy ?? undefined);
    // A series message only goes live (no audience to enqueue), which happens before launchMessage first awaits.
    launchMessage(ctx, s.workspaceId, m.id).catch((err: unknown) =>
      ctx.log.error("series message launch failed", { messageId: m.id, err: err instanceof Error ? err.message : String(err) }));
    ids[step.id] = m.id;
  }
  ctx.db.update(seriesVersions).set({ messageIds: ids }).where(eq(seriesVersions.id, v.id)).run();
  return ids;
}
