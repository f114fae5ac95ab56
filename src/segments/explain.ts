import { and, eq, isNull } from "drizzle-orm";
import { getContact } from "../contacts/index.js";
import type { Ctx } from "../context.js";
import { segmentMemberships } from "../db/schema/index.js";
import { compileStored } from "./catalog.js";
import type { Condition } from "./inputs.js";
import { getSegment } from "./queries.js";
import { bind, join, prepare, q, raw, type Frag } from "./sql.js";
import type { Node, NodeKind, ValueKind } from "./tree.js";

/** One condition as it applies to one contact. */
export interface ExplainedNode {
  path: string;
  kind: NodeKind;
  condition: Condition;
  pass: boolean;
  /** The contact's actual value (event count, first/last time, attribute, company values, random bucket). */
  actual?: unknown;
  actualKind?: ValueKind;
  itemKind?: ValueKind;
  children?: ExplainedNode[];
}

export interface Explanation {
  segmentId: string;
  contactId: string;
  /** What the definition says now. */
  member: boolean;
  archived: boolean;
  /** What is stored (may lag by up to one refresh for time-relative conditions). */
  stored: { member: boolean; enteredAt: number | null };
  root: ExplainedNode;
}

/** For a contact and a segment: every condition with the contact's actual value and whether it passes. */
export function explainMembership(ctx: Ctx, workspaceId: string, segmentId: string, contactId: string): Explanation {
  const seg = getSegment(ctx, workspaceId, segmentId);
  const contact = getContact(ctx, workspaceId, contactId);
  const compiled = compileStored(ctx, seg);
  const results = evaluateNodes(ctx, compiled.root, contact.id);
  const build = (n: Node): ExplainedNode => {
    const r = results.get(n)!;
    const out: ExplainedNode = { path: n.path, kind: n.kind, condition: n.condition, pass: r.pass };
    if (n.value) {
      out.actual = n.valueKind === "list" && typeof r.actual === "string" ? JSON.parse(r.actual) : n.valueKind === "boolean" ? r.actual === 1 : r.actual;
      out.actualKind = n.valueKind!;
      if (n.itemKind) out.itemKind = n.itemKind;
    }
    if (n.children) out.children = n.children.map(build);
    return out;
  };
  const stored = ctx.db
    .select({ enteredAt: segmentMemberships.enteredAt })
    .from(segmentMemberships)
    .where(and(eq(segmentMemberships.segmentId, seg.id), eq(segmentMemberships.contactId, contact.id), isNull(segmentMemberships.exitedAt)))
    .get();
  const root = build(compiled.root);
  return {
    segmentId: seg.id, contactId: contact.id, member: root.pass && !contact.archived, archived: contact.archived,
    stored: { member: stored !== undefined, enteredAt: stored?.enteredAt ?? null }, root,
  };
}

/** Every node's test and value for one contact, in one statement (the same SQL membership uses). */
function evaluateNodes(ctx: Ctx, root: Node, contactId: string): Map<Node, { pass: boolean; actual: unknown }> {
  const nodes: Node[] = [];
  const walk = (n: Node) => {
    nodes.push(n);
    n.children?.forEach(walk);
  };
  walk(root);
  const cols: Frag[] = nodes.flatMap((n) => [n.test, n.value ?? raw("NULL")]);
  const f = q`SELECT ${join(cols, ", ")} FROM contacts WHERE "contacts"."id" = ${contactId}`;
  const row = prepare(ctx.db.$client, f.sql).raw(true).get(...bind(f, ctx.clock.now())) as unknown[];
  return new Map(nodes.map((n, i) => [n, { pass: row[2 * i] === 1, actual: row[2 * i + 1] }]));
}
