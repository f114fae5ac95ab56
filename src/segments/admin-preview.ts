import { inArray } from "drizzle-orm";
import type { Contact } from "../contacts/index.js";
import type { Ctx } from "../context.js";
import { contacts } from "../db/schema/index.js";
import { compileDefinition } from "./compile.js";
import { fullQuery } from "./evaluate.js";
import { parseDefinition } from "./inputs.js";
import { bind, prepare, q } from "./sql.js";

/** What a definition being edited matches right now. */
export interface SegmentPreview {
  count: number;
  /** A few matching contacts, most recently seen first. */
  sample: Contact[];
}

/**
 * Counts and samples the contacts a definition matches now, without saving anything: the segment editor's live
 * preview. Checked strictly, as saving would be (VALIDATION errors name the path). `selfId` refuses a definition
 * that refers to the segment being edited.
 */
export function previewDefinition(ctx: Ctx, workspaceId: string, raw: unknown, opts: { sample: number; selfId?: string | undefined }): SegmentPreview {
  const def = parseDefinition(raw);
  const compiled = compileDefinition({ ctx, workspaceId, strict: true, stack: opts.selfId ? [opts.selfId] : [] }, def);
  const now = ctx.clock.now();
  const db = ctx.db.$client;
  // The same plan (driver choice) a full evaluation uses, so the preview costs what saving will.
  const full = fullQuery(db, compiled, now);
  const counting = q`SELECT count(*) FROM (${full})`;
  const count = (prepare(db, counting.sql).raw(true).get(...bind(counting, now)) as [number])[0];
  if (count === 0 || opts.sample <= 0) return { count, sample: [] };
  const limited = q`${full} LIMIT ${opts.sample}`;
  const ids = (prepare(db, limited.sql).raw(true).all(...bind(limited, now)) as unknown[][]).map((r) => r[0] as string);
  const rows = ids.length === 0 ? [] : ctx.db.select().from(contacts).where(inArray(contacts.id, ids)).all();
  rows.sort((a, b) => (b.lastSeenAt ?? 0) - (a.lastSeenAt ?? 0) || a.id.localeCompare(b.id));
  return { count, sample: rows };
}
