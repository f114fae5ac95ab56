import type { Ctx } from "../context.js";
import type { Condition } from "./inputs.js";
import type { Frag } from "./sql.js";

export type NodeKind = "group" | "attribute" | "event" | "tag" | "company_attribute" | "segment" | "random_percent";
/** How explain should present a node's actual value (dates are ms here, seconds on the API). */
export type ValueKind = "string" | "number" | "boolean" | "date" | "list";

/**
 * A set of contact ids that contains every contact the node accepts, as `SELECT … AS id`.
 * A full evaluation may start from the smallest one instead of scanning every contact.
 */
export interface Driver {
  /** `lookup`: a per-contact table (summaries, tags); `range`: a time range of raw events (may repeat ids). */
  kind: "lookup" | "range";
  select: Frag;
  /**
   * Rows that starting from this driver would visit (its cost), as a SELECT answerable from one index: the ids
   * themselves for summaries and tags, the events in the window for a windowed driver (its DISTINCT scans them all).
   */
  cost: Frag;
}

/**
 * Where time alone can change a node: the contacts whose `value` lies in [t0 - offset, t1 - offset] for some
 * offset may have flipped between two refreshes at t0 and t1. `head` is `SELECT … AS id FROM … WHERE … AND`.
 */
export interface Edge {
  head: Frag;
  value: Frag;
  offsets: number[];
}

/** One compiled condition (or group): SQL over a `contacts` row that is 0 or 1. */
export interface Node {
  path: string;
  kind: NodeKind;
  condition: Condition;
  test: Frag;
  /** The contact's actual value, for explain. */
  value?: Frag;
  valueKind?: ValueKind;
  /** For a `list` value (a contact's companies), the kind of each item. */
  itemKind?: ValueKind;
  /** Rough relative cost per contact; cheap terms are tested first. */
  cost: number;
  drivers: Driver[];
  edges: Edge[];
  children?: Node[];
}

/** What compiling needs besides the definition; `stack` holds segment ids being compiled (cycle detection). */
export interface CompileEnv {
  ctx: Ctx;
  workspaceId: string;
  /** Strict (create/update): unknown tags and segments are 400s. Lenient (evaluation): they match no one. */
  strict: boolean;
  stack: string[];
}

/** A definition ready to evaluate: a pure value, so evaluation may run on another connection or thread. */
export interface CompiledSegment {
  workspaceId: string;
  root: Node;
  personType: "user" | "contact" | "all";
  timeRelative: boolean;
}
