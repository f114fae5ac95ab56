import type { Ctx } from "../context.js";
import { findContact } from "../contacts/index.js";
import { compileDefinition, findSegment } from "../segments/index.js";
import { fail, type Audience, type MessageInput, type MessagePatch, type Trigger } from "./inputs.js";

/** Checks what a message names against its workspace: segments, the contact, the filter's attributes and tags. */
export function checkReferences(ctx: Ctx, workspaceId: string, input: MessageInput | MessagePatch): void {
  if (input.audience) checkAudience(ctx, workspaceId, input.audience as Audience);
  if (input.trigger) checkTrigger(ctx, workspaceId, input.trigger);
}

function checkAudience(ctx: Ctx, workspaceId: string, a: Audience): void {
  if (a.segmentId && !findSegment(ctx, workspaceId, a.segmentId)) throw fail("audience.segmentId", "no such segment in this workspace");
  (a.excludeSegmentIds ?? []).forEach((id, i) => {
    if (!findSegment(ctx, workspaceId, id)) throw fail(`audience.excludeSegmentIds[${i}]`, "no such segment in this workspace");
  });
  if (a.contactId && !findContact(ctx, workspaceId, a.contactId)) throw fail("audience.contactId", "no such contact in this workspace");
  if (a.filter) {
    try {
      compileDefinition({ ctx, workspaceId, strict: true, stack: [] }, a.filter);
    } catch (e) {
      throw prefixed(e, "audience.filter");
    }
  }
}

function checkTrigger(ctx: Ctx, workspaceId: string, t: Trigger): void {
  if (t.type === "segment_entered" && !findSegment(ctx, workspaceId, t.segmentId)) throw fail("trigger.segmentId", "no such segment in this workspace");
}

/** Compile errors name a path inside the definition; the caller sees it under `audience.filter`. */
function prefixed(e: unknown, base: string): unknown {
  if (!(e instanceof Error) || !("field" in e) || (e as { code?: string }).code !== "VALIDATION") return e;
  const field = String((e as { field?: string }).field ?? "");
  const path = field === "body" || field === "" ? base : `${base}.${field}`;
  return fail(path, e.message.replace(/^[^:]*: /, ""));
}
