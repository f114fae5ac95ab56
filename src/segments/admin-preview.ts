import { inArray } from "drizzle-orm";
import type { Contact } from "../contacts/index.js";
import type { Ctx } from "../context.js";
import { contacts } from "../db/schema/index.js";
import { compileDefinition } from "./compile.js";
import { parseDefinition } from "./inputs.js";
import type { CompiledSegment } from "./tree.js";
import { segmentReader } from "./worker-reader.js";
import { previewIds } from "./worker-tasks.js";

/** What a definition being edited matches right now. */
export interface SegmentPreview {
  count: number;
  /** A few matching contacts, most recently seen first. */
  sample: Contact[];
}

interface PreviewOptions {
  sample: number;
  /** The segment being edited: a definition referring to it is refused. */
  selfId?: string | undefined;
}

/**
 * Counts and samples the contacts a definition matches now, without saving anything, on the main connection.
 * Checked strictly, as saving would be (VALIDATION errors name the path). The builder uses previewDefinitionOffThread.
 */
export function previewDefinition(ctx: Ctx, workspaceId: string, raw: unknown, opts: PreviewOptions): SegmentPreview {
  const compiled = compilePreview(ctx, workspaceId, raw, opts);
  const { count, ids } = previewIds(ctx.db.$client, compiled, ctx.clock.now(), opts.sample);
  return { count, sample: sampleRows(ctx, ids) };
}

/**
 * The segment editor's live preview: as previewDefinition, with the count (a full evaluation: up to seconds on a
 * large workspace) run where it cannot stall HTTP (segmentReader: a worker thread for a database file). Validation
 * errors are thrown before anything is read.
 */
export async function previewDefinitionOffThread(ctx: Ctx, workspaceId: string, raw: unknown, opts: PreviewOptions): Promise<SegmentPreview> {
  const compiled = compilePreview(ctx, workspaceId, raw, opts);
  const { count, ids } = await segmentReader(ctx).preview(compiled, ctx.clock.now(), opts.sample);
  return { count, sample: sampleRows(ctx, ids) };
}

function compilePreview(ctx: Ctx, workspaceId: string, raw: unknown, opts: PreviewOptions): CompiledSegment {
  return compileDefinition({ ctx, workspaceId, strict: true, stack: opts.selfId ? [opts.selfId] : [] }, parseDefinition(raw));
}

/** The sampled contacts (by primary key), most recently seen first. */
function sampleRows(ctx: Ctx, ids: string[]): Contact[] {
  const rows = ids.length === 0 ? [] : ctx.db.select().from(contacts).where(inArray(contacts.id, ids)).all();
  return rows.sort((a, b) => (b.lastSeenAt ?? 0) - (a.lastSeenAt ?? 0) || a.id.localeCompare(b.id));
}
