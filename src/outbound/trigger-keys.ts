import type { Ctx } from "../context.js";

/** A metadata key seen on an event, with the kind of value it held. */
export interface MetadataKey {
  key: string;
  type: "string" | "number" | "boolean";
}

/** Recent events of a name looked at for their metadata keys. */
const SAMPLE = 200;
const MAX_KEYS = 100;

/**
 * The metadata keys of the latest events named `name` (top-level keys; a key that held numbers only is a
 * number, true/false only a boolean, else a string), for the trigger's condition builder. Reads the newest
 * SAMPLE rows off the (workspace, name, time) index.
 */
export function eventMetadataKeys(ctx: Ctx, workspaceId: string, name: string): MetadataKey[] {
  const rows = ctx.db.$client
    .prepare(`SELECT j.key AS key, j.type AS type FROM (SELECT metadata FROM events WHERE workspace_id = ? AND name = ?
      AND json_valid(metadata) AND json_type(metadata) = 'object' ORDER BY created_at DESC LIMIT ${SAMPLE}) e, json_each(e.metadata) j GROUP BY j.key, j.type`)
    .all(workspaceId, name) as { key: string; type: string }[];
  const kinds = new Map<string, Set<string>>();
  for (const r of rows) kinds.set(r.key, (kinds.get(r.key) ?? new Set()).add(r.type));
  return [...kinds].slice(0, MAX_KEYS).sort(([a], [b]) => a.localeCompare(b)).map(([key, types]) => ({
    key,
    type: [...types].every((t) => t === "integer" || t === "real") ? "number" : [...types].every((t) => t === "true" || t === "false") ? "boolean" : "string",
  }));
}
