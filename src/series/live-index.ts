import type Database from "better-sqlite3";
import { and, eq, inArray } from "drizzle-orm";
import { findDataAttribute } from "../attributes/index.js";
import type { Ctx } from "../context.js";
import { series, seriesVersions } from "../db/schema/index.js";
import { findSegment, parseDefinition, type Definition } from "../segments/index.js";
import { definitionInterest } from "../segments/interest.js";
import type { EntryRule, Rule, SeriesDefinition } from "./inputs.js";
import type { Series } from "./queries.js";
import { flatten } from "./tree.js";

export interface LiveSeries {
  s: Series;
  entry: EntryRule;
}

/**
 * The live series of a workspace and what they react to, for the bus listeners (triggers.ts): entries by event
 * name, and the events an active enrollment of any of their versions may be waiting for (wait-until-event, goal
 * and exit rules, events named by goal/exit conditions). Enrollments of a series that is not live never move, so a
 * workspace without live series costs nothing.
 */
export interface SeriesIndex {
  stamp: string;
  /** Bus turn the stamp was last checked in. */
  checked: number;
  live: LiveSeries[];
  /** Live series entered by an event, by its exact name. */
  entryEvents: Map<string, LiveSeries[]>;
  /** Lower-cased names of events that may move an active enrollment. */
  moving: Set<string>;
  /** A goal or exit condition reads fields a track call may change: every event may move an enrollment. */
  everyEvent: boolean;
}

const indexes = new WeakMap<object, Map<string, SeriesIndex>>();
const stamps = new WeakMap<object, Database.Statement>();

/**
 * Series changes publish nothing, so the index is checked against a stamp of the workspace's series (status,
 * update time, current version, and the current definition of live ones) once per bus turn: every event of one
 * group commit is delivered in the same turn, and a change committed later is seen by the events published after it.
 */
let turn = 1;
let turnScheduled = false;
function currentTurn(): number {
  if (!turnScheduled) {
    turnScheduled = true;
    setImmediate(() => {
      turn++;
      turnScheduled = false;
    });
  }
  return turn;
}

function stampOf(ctx: Ctx, workspaceId: string): string {
  const db = ctx.db.$client;
  let st = stamps.get(db);
  if (!st) {
    // A live series' current definition is part of the stamp: a version nobody entered is edited in place.
    st = db.prepare(`SELECT group_concat(s.id || ':' || s.status || ':' || s.updated_at || ':' || ifnull(s.current_version_id, '')
        || CASE WHEN s.status = 'live' THEN ':' || ifnull(v.definition, '') ELSE '' END, ',')
      FROM series s LEFT JOIN series_versions v ON v.id = s.current_version_id WHERE s.workspace_id = ?`).pluck();
    stamps.set(db, st);
  }
  return String(st.get(workspaceId) ?? "");
}

export function seriesIndex(ctx: Ctx, workspaceId: string): SeriesIndex {
  let byWs = indexes.get(ctx.db);
  if (!byWs) indexes.set(ctx.db, (byWs = new Map()));
  const t = currentTurn();
  const hit = byWs.get(workspaceId);
  if (hit?.checked === t) return hit;
  const stamp = stampOf(ctx, workspaceId);
  if (hit?.stamp === stamp) {
    hit.checked = t;
    return hit;
  }
  const built = build(ctx, workspaceId, stamp, t);
  byWs.set(workspaceId, built);
  return built;
}

function build(ctx: Ctx, workspaceId: string, stamp: string, checked: number): SeriesIndex {
  const rows = ctx.db.select().from(series).where(and(eq(series.workspaceId, workspaceId), eq(series.status, "live"))).all();
  const idx: SeriesIndex = { stamp, checked, live: [], entryEvents: new Map(), moving: new Set(), everyEvent: false };
  if (rows.length === 0) return idx;
  const versions = ctx.db.select().from(seriesVersions).where(inArray(seriesVersions.seriesId, rows.map((s) => s.id))).all();
  const byId = new Map(versions.map((v) => [v.id, v.definition as unknown as SeriesDefinition]));
  for (const s of rows) {
    const def = s.currentVersionId ? byId.get(s.currentVersionId) : undefined;
    if (!def) continue;
    const live = { s, entry: def.entry };
    idx.live.push(live);
    if (def.entry.type === "event") idx.entryEvents.set(def.entry.event, [...(idx.entryEvents.get(def.entry.event) ?? []), live]);
  }
  const lookup = (id: string): Definition | undefined => {
    const seg = findSegment(ctx, workspaceId, id);
    try {
      return seg ? parseDefinition(seg.definition) : undefined;
    } catch {
      return undefined;
    }
  };
  const isCustom = (name: string) => !/["\\]/.test(name) && findDataAttribute(ctx, workspaceId, "contact", name) !== undefined;
  const rule = (r: Rule) => {
    if ("event" in r) return void idx.moving.add(r.event.toLowerCase());
    const i = definitionInterest(r.condition as Definition, lookup, isCustom);
    i.events.forEach((e) => idx.moving.add(e));
    idx.everyEvent ||= i.visitFields;
  };
  // Every version: enrollments finish the version they entered.
  for (const def of byId.values()) {
    for (const step of flatten(def.steps)) if (step.type === "wait" && step.mode === "event") idx.moving.add(step.event.toLowerCase());
    if (def.goal) rule(def.goal);
    def.exits.forEach(rule);
  }
  return idx;
}

/** Whether an event of this name may move an active enrollment of a live series. */
export function eventMoves(idx: SeriesIndex, name: string): boolean {
  return idx.live.length > 0 && (idx.everyEvent || idx.moving.has(name.toLowerCase()));
}
