import type { Ctx } from "../context.js";
import { batchWrite } from "../db/batcher.js";
import { AppError } from "../lib/errors.js";
import { applyMessage, type Outcome } from "./apply.js";
import { ledgerFor, type MessageLedger } from "./dedupe.js";
import type { MessageType, SegmentMessage } from "./inputs.js";
import { mergeEnvelope, normalize, type Arrival, type Normalized } from "./normalize.js";
import { parseMessage } from "./validate.js";

/** Closed set of reasons a message is not stored (a repeated messageId is not a drop: it was stored before). */
export type DropReason = "message_too_large" | "invalid_message" | "invalid_value" | "rejected";

export interface Drop {
  index: number;
  reason: DropReason;
  field: string;
  message: string;
}

export interface IngestRequest extends Arrival {
  /** Set for single-message endpoints: the path names the type. */
  pathType?: MessageType | undefined;
  /** A batch's top level (`context`, `integrations`, `sentAt`). */
  envelope?: Record<string, unknown> | undefined;
}

export interface IngestResult {
  stored: number;
  /** Dropped messages, duplicates excluded: a retry is not the sender's mistake. */
  dropped: Drop[];
  duplicates: number;
}

/** 32 KB per message (Segment's limit; the node client refuses bigger ones itself). */
export const MAX_MESSAGE_BYTES = 32 * 1024;

type Draft = { index: number; raw: unknown; parsed?: SegmentMessage; msg?: Normalized };
type Step = (d: Draft, req: IngestRequest) => Omit<Drop, "index"> | undefined;

/** Steps before the write, in order; each may drop the message with a closed reason. */
const PREPARE: [name: string, step: Step][] = [
  ["check_size", (d, req) => (req.pathType === undefined && oversize(d.raw) ? tooLarge() : undefined)],
  ["merge_envelope", (d, req) => {
    if (isObject(d.raw)) d.raw = mergeEnvelope(d.raw, req.envelope);
    return undefined;
  }],
  ["validate", (d, req) => {
    const parsed = parseMessage(d.raw, req.pathType);
    if (!parsed.ok) return { reason: "invalid_message", field: parsed.field, message: parsed.message };
    d.parsed = parsed.msg;
    return undefined;
  }],
  ["normalize", (d, req) => {
    d.msg = normalize(d.parsed!, req);
    return undefined;
  }],
];

/**
 * Ingests Segment messages for one workspace: prepare each (size → validate → normalize), then write each
 * through group commit in its own savepoint (dedupe by messageId → resolve contact → apply by type → session),
 * and publish what changed only after commit. Resolves once every stored message is durable.
 * Unexpected failures are rethrown after the rest settle, so the sender retries (repeats are deduplicated).
 */
export async function ingestMessages(ctx: Ctx, workspaceId: string, raws: unknown[], req: IngestRequest): Promise<IngestResult> {
  const result: IngestResult = { stored: 0, dropped: [], duplicates: 0 };
  const ledger = ledgerFor(ctx.db.$client);
  const writes: Promise<void>[] = [];
  raws.forEach((raw, index) => {
    const d: Draft = { index, raw };
    for (const [, step] of PREPARE) {
      const drop = step(d, req);
      if (drop) return void result.dropped.push({ index, ...drop });
    }
    writes.push(write(ctx, workspaceId, d.msg!, ledger).then((o) => {
      if (!o) return void result.duplicates++;
      result.stored++;
      publish(ctx, workspaceId, o);
    }, (e: unknown) => {
      // A domain refusal (wrong-typed trait, two users to merge) is final: retrying the message cannot help.
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      const reason: DropReason = e.code === "VALIDATION" ? "invalid_value" : "rejected";
      result.dropped.push({ index, reason, field: e.field ?? "message", message: e.message });
    }));
  });
  const settled = await Promise.allSettled(writes);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  result.dropped.sort((a, b) => a.index - b.index);
  return result;
}

/** Queues the write; undefined when the message id was already accepted. */
function write(ctx: Ctx, workspaceId: string, n: Normalized, ledger: MessageLedger): Promise<Outcome | undefined> {
  let claimed = false;
  return batchWrite(ctx.db.$client, () => {
    if (n.messageId) {
      if (!ledger.claim(workspaceId, n.messageId)) return undefined;
      claimed = true;
    }
    try {
      return applyMessage(ctx, workspaceId, n);
    } catch (e) {
      // This message's savepoint rolled back: its retry must be applied.
      if (claimed) ledger.release(workspaceId, n.messageId!);
      claimed = false;
      throw e;
    }
  }).catch((e: unknown) => {
    // The whole group commit failed: nothing of this message is stored, so its retry must be applied.
    if (claimed) ledger.release(workspaceId, n.messageId!);
    throw e;
  });
}

/** After commit: what listeners (segment evaluation, timelines) need to re-read. Page views count as profile changes. */
function publish(ctx: Ctx, workspaceId: string, o: Outcome): void {
  const contactId = o.contactId;
  for (const mergedFrom of o.mergedFrom) ctx.bus.publish("contact.merged", { workspaceId, contactId, mergedFrom });
  if (o.created) ctx.bus.publish("contact.created", { workspaceId, contactId });
  else if (o.type !== "track") ctx.bus.publish("contact.updated", { workspaceId, contactId });
  if (o.event) ctx.bus.publish("event.ingested", { workspaceId, contactId, eventId: o.event.id, ...o.event });
  for (const companyId of o.companyIds) ctx.bus.publish("company.updated", { workspaceId, companyId });
}

function oversize(raw: unknown): boolean {
  const json = JSON.stringify(raw) ?? "";
  // Characters never outnumber UTF-8 bytes: count bytes only when it could matter.
  return json.length > MAX_MESSAGE_BYTES || (json.length * 3 > MAX_MESSAGE_BYTES && Buffer.byteLength(json) > MAX_MESSAGE_BYTES);
}

function tooLarge(): Omit<Drop, "index"> {
  return { reason: "message_too_large", field: "message", message: `message is larger than the ${MAX_MESSAGE_BYTES / 1024} KB limit per message` };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
