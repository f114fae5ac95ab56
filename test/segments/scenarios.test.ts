import { afterEach, describe, expect, it } from "vitest";
import { deleteContact, findContactByAlias } from "../../src/contacts/index.js";
import { DAY, HOUR } from "../../src/lib/clock.js";
import { listMembershipHistory, listSizes, reevaluateContacts, updateSegment } from "../../src/segments/index.js";
import { tagContact } from "../../src/tags/index.js";
import { T0 } from "../helpers/app.js";
import { identify, makeSegment, members, refresh, segTest, send, stays, track, user, type SegTest } from "./helpers.js";

/**
 * Table-driven segment scripts: send Segment messages → advance the fake clock → run the refresh job → assert
 * members and entered/exited times. Times in steps are offsets from T0 (the test clock's start).
 */
type Step =
  | { send: Record<string, unknown>[] }
  | { create: Record<string, unknown>; as?: string }
  | { advance: number }
  | { refresh: true }
  | { members: string[]; of?: string }
  | { stays: [userId: string, [entered: number, exited: number | null][]]; of?: string }
  | { run: (t: SegTest, segs: Map<string, string>) => void | Promise<void> };

interface Scenario {
  name: string;
  steps: Step[];
}

const at = (offset: number) => T0 + offset;
const ago = (ms: number) => at(-ms);

const SCENARIOS: Scenario[] = [
  {
    name: "a windowed count holds while the oldest event is exactly within_days old and drops 1 ms later",
    steps: [
      { create: { match: "all", conditions: [{ event: "login", op: "count_gte", value: 2, within_days: 7 }] } },
      { send: [track("u1", "login", {}, ago(7 * DAY - HOUR)), track("u1", "login", {}, ago(DAY)), track("u2", "login", {}, ago(DAY))] },
      { members: ["u1"] },
      { advance: HOUR },
      { refresh: true },
      { members: ["u1"] },
      { advance: 1 },
      { refresh: true },
      { members: [] },
      { stays: ["u1", [[0, HOUR + 1]]] },
    ],
  },
  {
    name: "backdated events count only inside the window they fall in; all-time counts see them all",
    steps: [
      { create: { match: "all", conditions: [{ event: "purchase", op: "performed", within_days: 30 }] } },
      { create: { match: "all", conditions: [{ event: "purchase", op: "count_eq", value: 2 }] }, as: "alltime" },
      { send: [track("u1", "purchase", {}, ago(40 * DAY))] },
      { members: [] },
      { send: [track("u1", "purchase", {}, ago(29 * DAY))] },
      { members: ["u1"] },
      { members: ["u1"], of: "alltime" },
      { advance: DAY + 1 },
      { refresh: true },
      { members: [] },
      { members: ["u1"], of: "alltime" },
      { stays: ["u1", [[0, DAY + 1]]] },
    ],
  },
  {
    name: "signed up more than 7 days ago: the refresh lets contacts in as the days pass",
    steps: [
      { send: [identify("u1", { createdAt: new Date(ago(6 * DAY)).toISOString() }), identify("u2", { createdAt: new Date(ago(8 * DAY)).toISOString() })] },
      { create: { match: "all", conditions: [{ attribute: "signed_up_at", op: "more_than_days_ago", value: 7 }] } },
      { members: ["u2"] },
      { advance: DAY },
      { refresh: true },
      { members: ["u2"] },
      { advance: 1 },
      { refresh: true },
      { members: ["u1", "u2"] },
      { stays: ["u1", [[DAY + 1, null]]] },
    ],
  },
  {
    name: "last/first event times: last less than 7 days ago, first more than 30 days ago",
    steps: [
      { create: { match: "all", conditions: [{ event: "login", op: "last_less_than_days_ago", value: 7 }] } },
      { create: { match: "all", conditions: [{ event: "login", op: "first_more_than_days_ago", value: 30 }] }, as: "veteran" },
      { send: [track("u1", "login", {}, ago(31 * DAY)), track("u1", "login", {}, ago(6 * DAY)), track("u2", "login", {}, ago(2 * DAY))] },
      { members: ["u1", "u2"] },
      { members: ["u1"], of: "veteran" },
      { advance: DAY + 1 },
      { refresh: true },
      { members: ["u2"] },
      { advance: 28 * DAY },
      { refresh: true },
      { members: ["u1", "u2"], of: "veteran" },
      { stays: ["u1", [[0, DAY + 1]]] },
    ],
  },
  {
    name: "not performed within 7 days: entered by the refresh once the last login leaves the window",
    steps: [
      { send: [identify("u1", {}), identify("u2", {}), track("u1", "login", {}, ago(3 * DAY))] },
      { create: { match: "all", conditions: [{ event: "login", op: "not_performed", within_days: 7 }] } },
      { members: ["u2"] },
      { advance: 4 * DAY + 1 },
      { refresh: true },
      { members: ["u1", "u2"] },
      { send: [track("u1", "login")] },
      { members: ["u2"] },
      { stays: ["u1", [[4 * DAY + 1, 4 * DAY + 1]]] },
    ],
  },
  {
    name: "where filters on event metadata, inside a window",
    steps: [
      { create: { match: "all", conditions: [{ event: "purchase", op: "count_gte", value: 2, within_days: 30, where: [{ key: "amount", op: "gt", value: 100 }, { key: "currency", op: "eq", value: "EUR" }] }] } },
      { send: [track("u1", "purchase", { amount: 150, currency: "EUR" }), track("u1", "purchase", { amount: 90, currency: "EUR" }), track("u2", "purchase", { amount: 500, currency: "USD" }), track("u2", "purchase", { amount: 500, currency: "eur" })] },
      { members: [] },
      { send: [track("u1", "purchase", { amount: 101, currency: "EUR" }, ago(10 * DAY))] },
      { members: ["u1"] },
      { advance: 20 * DAY + 1 },
      { refresh: true },
      { members: [] },
    ],
  },
  {
    name: "a lead merged into a user brings its events, and leaves its own memberships behind",
    steps: [
      { send: [identify("u1", { plan: "pro" })] },
      { send: [{ type: "track", anonymousId: "anon-1", event: "project_created" }, { type: "track", anonymousId: "anon-1", event: "project_created" }] },
      { create: { match: "all", conditions: [{ event: "project_created", op: "count_gte", value: 2 }] } },
      {
        run: (t, segs) => {
          const lead = findContactByAlias(t.ctx, t.workspace.id, "anon-1")!;
          expect(members(t, segs.get("main")!)).toEqual([lead.id]);
        },
      },
      { advance: HOUR },
      {
        run: async (t, segs) => {
          const lead = findContactByAlias(t.ctx, t.workspace.id, "anon-1")!;
          await send(t, identify("u1", {}, { anonymousId: "anon-1" }));
          expect(members(t, segs.get("main")!)).toEqual(["u1"]);
          expect(listMembershipHistory(t.ctx, t.workspace.id, lead.id)).toEqual([]);
          expect(t.published.filter((p) => p.kind === "entered" && p.contactId === user(t, "u1").id)).toMatchObject([{ at: at(HOUR), reason: "activity" }]);
        },
      },
      { stays: ["u1", [[HOUR, null]]] },
    ],
  },
  {
    name: "a deleted contact leaves without trace and the refresh carries on",
    steps: [
      { send: [identify("u1", { plan: "pro" }), identify("u2", { plan: "Pro" })] },
      { create: { match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }, { event: "login", op: "performed", within_days: 1 }] } },
      { send: [track("u1", "login"), track("u2", "login")] },
      { members: ["u1", "u2"] },
      {
        run: (t, segs) => {
          const u1 = user(t, "u1");
          deleteContact(t.ctx, t.workspace.id, u1.id);
          expect(members(t, segs.get("main")!)).toEqual(["u2"]);
          expect(listMembershipHistory(t.ctx, t.workspace.id, u1.id)).toEqual([]);
        },
      },
      { advance: DAY + 1 },
      { refresh: true },
      { members: [] },
      { run: (t, segs) => expect(listSizes(t.ctx, segs.get("main")!, "day").at(-1)?.count).toBe(0) },
    ],
  },
  {
    name: "nested groups: all of (pro, any of (city St Albans, all of (logged in, fewer than 5 sessions)))",
    steps: [
      { send: [identify("u1", { plan: "pro" }, { context: { ip: "81.2.69.142" } }), identify("u2", { plan: "pro" }), identify("u3", { plan: "free" }, { context: { ip: "81.2.69.142" } })] },
      {
        create: {
          match: "all",
          conditions: [
            { attribute: "plan", op: "eq", value: "pro" },
            { match: "any", conditions: [
              { attribute: "city", op: "eq", value: "st albans" },
              { match: "all", conditions: [{ event: "login", op: "performed" }, { attribute: "session_count", op: "lt", value: 5 }] },
            ] },
          ],
        },
      },
      { members: ["u1"] },
      { send: [track("u2", "login"), track("u3", "login")] },
      { members: ["u1", "u2"] },
    ],
  },
  {
    name: "company attributes: any company matches; a negative op also holds for contacts without a company",
    steps: [
      { create: { match: "all", conditions: [{ company_attribute: "plan", op: "eq", value: "enterprise" }] } },
      { create: { match: "all", conditions: [{ company_attribute: "plan", op: "ne", value: "enterprise" }] }, as: "not_ent" },
      { create: { match: "all", conditions: [{ company_attribute: "size", op: "gte", value: 100 }] }, as: "big" },
      { send: [identify("u1", { company: { id: "acme", name: "Acme", plan: "starter", employees: 250 } }), identify("u2", {})] },
      { members: [] },
      { members: ["u1", "u2"], of: "not_ent" },
      { members: ["u1"], of: "big" },
      { send: [{ type: "group", userId: "u1", groupId: "acme", traits: { plan: "enterprise" } }] },
      { members: ["u1"] },
      { members: ["u2"], of: "not_ent" },
    ],
  },
  {
    name: "time-relative company and custom date attributes are refreshed too",
    steps: [
      { send: [identify("u1", { trial_ends_at: new Date(ago(29 * DAY)).toISOString(), company: { id: "acme", name: "Acme", createdAt: new Date(ago(29 * DAY)).toISOString() } })] },
      { create: { match: "all", conditions: [{ company_attribute: "remote_created_at", op: "more_than_days_ago", value: 30 }] } },
      { create: { match: "all", conditions: [{ attribute: "trial_ends_at", op: "more_than_days_ago", value: 30 }] }, as: "trial" },
      { members: [] },
      { members: [], of: "trial" },
      { advance: DAY + 1 },
      { refresh: true },
      { members: ["u1"] },
      { members: ["u1"], of: "trial" },
      { stays: ["u1", [[DAY + 1, null]]] },
    ],
  },
  {
    name: "tags: has / has_not follow tagging once the contact is re-evaluated",
    steps: [
      { send: [identify("u1", {}), identify("u2", {})] },
      { run: (t) => void t.ctx.db.$client.prepare("INSERT INTO tags (id, workspace_id, name, created_at) VALUES ('tag_vip', ?, 'VIP', 0)").run(t.workspace.id) },
      { create: { match: "all", conditions: [{ tag: "VIP", op: "has" }] } },
      { create: { match: "all", conditions: [{ tag: "tag_vip", op: "has_not" }] }, as: "not_vip" },
      { members: [] },
      { members: ["u1", "u2"], of: "not_vip" },
      {
        run: (t) => {
          tagContact(t.ctx, t.workspace.id, user(t, "u1").id, "tag_vip");
          reevaluateContacts(t.ctx, t.workspace.id, [user(t, "u1").id]);
        },
      },
      { members: ["u1"] },
      { members: ["u2"], of: "not_vip" },
    ],
  },
  {
    name: "segment of segment follows edits of the segment it names",
    steps: [
      { send: [identify("u1", { plan: "pro" }), identify("u2", { plan: "enterprise" })] },
      { create: { match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }] }, as: "pro" },
      { send: [track("u1", "login"), track("u2", "login")] },
      { run: async (t, segs) => void segs.set("main", (await makeSegment(t, { match: "all", conditions: [{ segment: segs.get("pro")!, op: "in" }, { event: "login", op: "performed" }] })).id) },
      { run: async (t, segs) => void segs.set("outside", (await makeSegment(t, { match: "all", conditions: [{ segment: segs.get("main")!, op: "not_in" }] })).id) },
      { members: ["u1"] },
      { members: ["u2"], of: "outside" },
      { advance: HOUR },
      {
        run: async (t, segs) => {
          updateSegment(t.ctx, t.workspace.id, segs.get("pro")!, { conditions: [{ attribute: "plan", op: "eq", value: "enterprise" }] });
          await t.ctx.bus.settled();
        },
      },
      { members: ["u2"] },
      { members: ["u1"], of: "outside" },
      { stays: ["u1", [[0, HOUR]]] },
    ],
  },
];

describe("segment scenarios", () => {
  let t: SegTest;
  afterEach(() => t?.close());

  for (const s of SCENARIOS) {
    it(s.name, async () => {
      t = segTest();
      const segs = new Map<string, string>();
      for (const step of s.steps) await runStep(t, segs, step);
    });
  }
});

async function runStep(t: SegTest, segs: Map<string, string>, step: Step): Promise<void> {
  if ("send" in step) return send(t, ...step.send);
  if ("create" in step) {
    const seg = await makeSegment(t, step.create, step.as ?? "main");
    segs.set(step.as ?? "main", seg.id);
    return;
  }
  if ("advance" in step) return t.clock.advance(step.advance);
  if ("refresh" in step) return refresh(t);
  if ("members" in step) return void expect(members(t, segs.get(step.of ?? "main")!)).toEqual(step.members);
  if ("stays" in step) {
    const [userId, expected] = step.stays;
    const got = stays(t, user(t, userId).id, segs.get(step.of ?? "main")!);
    return void expect(got).toEqual(expected.map(([e, x]) => [at(e), x === null ? null : at(x)]));
  }
  await step.run(t, segs);
}
