import { findTag, findTagByName } from "../tags/index.js";
import { compileEvent, lookup } from "./compile-event.js";
import { companyField, contactField } from "./fields.js";
import {
  fail, joinPath, parseDefinition, type AttributeCondition, type CompanyCondition, type Condition, type Definition,
  type GroupCondition, type RandomCondition, type SegmentCondition, type TagCondition,
} from "./inputs.js";
import { NEGATED, predicate } from "./ops.js";
import { findSegment } from "./queries.js";
import { join, q, raw } from "./sql.js";
import type { CompiledSegment, CompileEnv, Node } from "./tree.js";

const MAX_SEGMENT_DEPTH = 5;

/**
 * Compiles a definition into SQL over `contacts` for one workspace, checking it against the workspace's attributes,
 * tags and segments. Problems are VALIDATION errors naming their path in the definition (`conditions[2].op`).
 */
export function compileDefinition(env: CompileEnv, def: Definition): CompiledSegment {
  const root = compileGroup(env, def, "");
  return { workspaceId: env.workspaceId, root, personType: personTypeOf(def), timeRelative: root.edges.length > 0 };
}

function compileNode(env: CompileEnv, c: Condition, path: string): Node {
  if ("match" in c) return compileGroup(env, c, path);
  if ("attribute" in c) return compileAttribute(env, c, path);
  if ("event" in c) return compileEvent(env.workspaceId, c, path);
  if ("tag" in c) return compileTag(env, c, path);
  if ("company_attribute" in c) return compileCompany(env, c, path);
  if ("segment" in c) return compileSegmentRef(env, c, path);
  return compileRandom(c, path);
}

function compileGroup(env: CompileEnv, g: GroupCondition, path: string): Node {
  const children = g.conditions.map((c, i) => compileNode(env, c, joinPath(path, ["conditions", i])));
  const all = g.match === "all";
  // Cheap column tests first: SQLite evaluates AND/OR left to right and stops early.
  const ordered = [...children].sort((a, b) => a.cost - b.cost);
  const test = children.length === 0 ? raw("1") : q`(${join(ordered.map((n) => n.test), all ? " AND " : " OR ")})`;
  const drivers = all || children.length === 1 ? children.flatMap((n) => n.drivers) : [];
  return {
    path, kind: "group", condition: g, test, cost: children.reduce((s, n) => s + n.cost, 0),
    drivers, edges: children.flatMap((n) => n.edges), children,
  };
}

function compileAttribute(env: CompileEnv, c: AttributeCondition, path: string): Node {
  const field = contactField(env.ctx, env.workspaceId, c.attribute, joinPath(path, ["attribute"]));
  const p = predicate(field, c.op, c.value, path);
  const head = q`SELECT "contacts"."id" AS id FROM contacts WHERE "contacts"."workspace_id" = ${env.workspaceId} AND`;
  const edges = p.offsets.length > 0 ? [{ head, value: field.expr, offsets: p.offsets }] : [];
  return { path, kind: "attribute", condition: c, test: p.test, value: field.expr, valueKind: field.type, cost: 1, drivers: [], edges };
}

function compileCompany(env: CompileEnv, c: CompanyCondition, path: string): Node {
  const field = companyField(env.ctx, env.workspaceId, c.company_attribute, joinPath(path, ["company_attribute"]));
  const positive = NEGATED[c.op];
  const p = predicate(field, positive ?? c.op, c.value, path);
  // The negative op itself must suit the type too (`ne` on a boolean is refused though `eq` is fine).
  if (positive) predicate(field, c.op, c.value, path);
  const any = q`EXISTS (SELECT 1 FROM contact_companies cc JOIN companies co ON co.id = cc.company_id WHERE cc.contact_id = "contacts"."id" AND ${p.test})`;
  const value = q`(SELECT json_group_array(${field.expr}) FROM contact_companies cc JOIN companies co ON co.id = cc.company_id WHERE cc.contact_id = "contacts"."id")`;
  const head = q`SELECT cc.contact_id AS id FROM companies co JOIN contact_companies cc ON cc.company_id = co.id WHERE co.workspace_id = ${env.workspaceId} AND`;
  const edges = p.offsets.length > 0 ? [{ head, value: field.expr, offsets: p.offsets }] : [];
  return { path, kind: "company_attribute", condition: c, test: positive ? q`NOT ${any}` : any, value, valueKind: "list", itemKind: field.type, cost: 5, drivers: [], edges };
}

function compileTag(env: CompileEnv, c: TagCondition, path: string): Node {
  const tag = findTagByName(env.ctx, env.workspaceId, c.tag) ?? findTag(env.ctx, env.workspaceId, c.tag);
  if (!tag && env.strict) throw fail(joinPath(path, ["tag"]), `unknown tag '${c.tag.slice(0, 100)}'`);
  const has = tag ? q`EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.contact_id = "contacts"."id" AND ct.tag_id = ${tag.id})` : raw("0");
  const drivers = tag && c.op === "has" ? [lookup(q`SELECT ct.contact_id AS id FROM contact_tags ct WHERE ct.tag_id = ${tag.id}`)] : [];
  return { path, kind: "tag", condition: c, test: c.op === "has" ? has : q`NOT ${has}`, value: has, valueKind: "boolean", cost: 3, drivers, edges: [] };
}

/**
 * A segment reference is compiled inline from the referenced definition, so evaluating a contact never depends on
 * stored memberships of other segments (no ordering between segments, and evaluation stays a pure function).
 */
function compileSegmentRef(env: CompileEnv, c: SegmentCondition, path: string): Node {
  const at = joinPath(path, ["segment"]);
  if (env.stack.includes(c.segment)) throw fail(at, `segment '${c.segment}' refers back to itself`);
  if (env.stack.length >= MAX_SEGMENT_DEPTH) throw fail(at, `segments nest at most ${MAX_SEGMENT_DEPTH} deep`);
  const ref = findSegment(env.ctx, env.workspaceId, c.segment);
  if (!ref) {
    if (env.strict) throw fail(at, `unknown segment '${c.segment.slice(0, 100)}'`);
    return { path, kind: "segment", condition: c, test: raw(c.op === "in" ? "0" : "1"), cost: 0, drivers: [], edges: [] };
  }
  const inner = compileGroup({ ...env, stack: [...env.stack, ref.id] }, parseDefinition(ref.definition), at);
  return {
    path, kind: "segment", condition: c, test: c.op === "in" ? inner.test : q`NOT ${inner.test}`, value: inner.test, valueKind: "boolean",
    cost: inner.cost, drivers: c.op === "in" ? inner.drivers : [], edges: inner.edges, children: [inner],
  };
}

function compileRandom(c: RandomCondition, path: string): Node {
  const bucket = q`parley_bucket(${c.random_percent === true ? "" : c.random_percent}, "contacts"."id")`;
  return { path, kind: "random_percent", condition: c, test: q`(${bucket} < ${c.value})`, value: bucket, valueKind: "number", cost: 2, drivers: [], edges: [] };
}

/** Intercom's person_type: a top-level `role eq user|lead` decides it, otherwise the segment holds both. */
function personTypeOf(def: Definition): CompiledSegment["personType"] {
  if (def.match !== "all") return "all";
  for (const c of def.conditions) {
    if ("attribute" in c && c.attribute === "role" && c.op === "eq" && typeof c.value === "string") {
      if (c.value.toLowerCase() === "user") return "user";
      if (c.value.toLowerCase() === "lead") return "contact";
    }
  }
  return "all";
}
