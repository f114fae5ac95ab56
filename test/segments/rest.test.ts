import { afterEach, describe, expect, it } from "vitest";
import { DAY, HOUR } from "../../src/lib/clock.js";
import { T0 } from "../helpers/app.js";
import { identify, refresh, segTest, send, track, user, type SegTest } from "./helpers.js";

let t: SegTest;
afterEach(() => t?.close());

const json = async <T = Record<string, unknown>>(res: Response, status = 200): Promise<T> => {
  expect(res.status).toBe(status);
  return (await res.json()) as T;
};

const PRO = { name: "Pro users", match: "all", conditions: [{ attribute: "role", op: "eq", value: "user" }, { attribute: "plan", op: "eq", value: "pro" }] };

describe("segments REST", () => {
  it("creates, lists with counts, reads, updates and deletes a segment (Intercom shapes, unix seconds)", async () => {
    t = segTest();
    await send(t, identify("u1", { plan: "pro" }), identify("u2", { plan: "pro" }), identify("u3", { plan: "free" }));
    const created = await json<{ id: string }>(await t.api("POST", "/api/segments", PRO));
    expect(created).toEqual({
      type: "segment", id: created.id, name: "Pro users", created_at: T0 / 1000, updated_at: T0 / 1000, person_type: "user",
      count: 2, match: "all", conditions: PRO.conditions,
    });
    expect(await json(await t.api("GET", "/api/segments"))).toEqual({
      type: "segment.list", segments: [{ type: "segment", id: created.id, name: "Pro users", created_at: T0 / 1000, updated_at: T0 / 1000, person_type: "user" }],
    });
    expect(await json(await t.api("GET", "/api/segments?include_count=true"))).toMatchObject({ segments: [{ id: created.id, count: 2 }] });
    expect(await json(await t.api("GET", `/api/segments/${created.id}?include_count=true`))).toMatchObject({ id: created.id, count: 2, match: "all" });

    t.clock.advance(HOUR);
    const updated = await json(await t.api("PUT", `/api/segments/${created.id}`, { name: "Free", match: "any", conditions: [{ attribute: "plan", op: "eq", value: "free" }] }));
    expect(updated).toMatchObject({ name: "Free", count: 1, person_type: "all", updated_at: (T0 + HOUR) / 1000, match: "any" });
    const renamed = await json(await t.api("PUT", `/api/segments/${created.id}`, { name: "Free plan" }));
    expect(renamed).toMatchObject({ name: "Free plan", count: 1, conditions: [{ attribute: "plan", op: "eq", value: "free" }] });

    expect(await json(await t.api("DELETE", `/api/segments/${created.id}`))).toEqual({ type: "segment", id: created.id, deleted: true });
    const gone = await json<{ errors: { code: string }[] }>(await t.api("GET", `/api/segments/${created.id}`), 404);
    expect(gone.errors[0]!.code).toBe("not_found");
  });

  it("pages through members with pages.next.starting_after", async () => {
    t = segTest();
    await send(t, ...["a", "b", "c", "d", "e"].map((u) => identify(u, { plan: "pro" })));
    const seg = await json<{ id: string }>(await t.api("POST", "/api/segments", PRO));
    const seen: string[] = [];
    let path = `/api/segments/${seg.id}/contacts?per_page=2`;
    for (let pages = 0; pages < 5; pages++) {
      const page = await json<{ data: { type: string; external_id: string }[]; total_count: number; pages: { next?: { starting_after: string } } }>(await t.api("GET", path));
      expect(page.total_count).toBe(5);
      expect(page.data.every((c) => c.type === "contact")).toBe(true);
      seen.push(...page.data.map((c) => c.external_id));
      if (!page.pages.next) break;
      path = `/api/segments/${seg.id}/contacts?per_page=2&starting_after=${page.pages.next.starting_after}`;
    }
    expect(seen.sort()).toEqual(["a", "b", "c", "d", "e"]);
    const bad = await json<{ errors: { field: string }[] }>(await t.api("GET", `/api/segments/${seg.id}/contacts?starting_after=nope`), 400);
    expect(bad.errors[0]!.field).toBe("starting_after");
  });

  it("lists a contact's segments and refuses to delete a segment another one uses", async () => {
    t = segTest();
    await send(t, identify("u1", { plan: "pro" }), track("u1", "login"));
    const pro = await json<{ id: string }>(await t.api("POST", "/api/segments", PRO));
    const active = await json<{ id: string }>(await t.api("POST", "/api/segments", { name: "Active pro", match: "all", conditions: [{ segment: pro.id, op: "in" }, { event: "login", op: "performed", within_days: 1 }] }));
    const mine = await json<{ type: string; data: { id: string }[] }>(await t.api("GET", `/api/contacts/${user(t, "u1").id}/segments`));
    expect(mine.type).toBe("list");
    expect(mine.data.map((s) => s.id)).toEqual([pro.id, active.id]);
    const refused = await json<{ errors: { code: string; message: string }[] }>(await t.api("DELETE", `/api/segments/${pro.id}`), 409);
    expect(refused.errors[0]!.message).toContain(active.id);
    await json(await t.api("GET", "/api/contacts/ct_nobody/segments"), 404);
  });

  it("explains a contact's membership condition by condition, with actual values in API units", async () => {
    t = segTest();
    await send(t, identify("u1", { plan: "pro", createdAt: new Date(T0 - 10 * DAY).toISOString() }), track("u1", "login", {}, T0 - 2 * DAY), track("u1", "login", {}, T0 - HOUR));
    const seg = await json<{ id: string }>(await t.api("POST", "/api/segments", {
      name: "Engaged", match: "all",
      conditions: [
        { attribute: "signed_up_at", op: "more_than_days_ago", value: 7 },
        { match: "any", conditions: [{ event: "login", op: "count_gte", value: 3, within_days: 30 }, { attribute: "plan", op: "eq", value: "enterprise" }] },
      ],
    }));
    const e = await json(await t.api("GET", `/api/segments/${seg.id}/explain/${user(t, "u1").id}`));
    expect(e).toEqual({
      type: "segment.explanation", segment_id: seg.id, contact_id: user(t, "u1").id, member: false, archived: false,
      stored: { member: false, entered_at: null },
      root: {
        path: "(root)", kind: "group", pass: false, condition: expect.any(Object),
        children: [
          { path: "conditions[0]", kind: "attribute", pass: true, actual: (T0 - 10 * DAY) / 1000, actual_type: "date", condition: { attribute: "signed_up_at", op: "more_than_days_ago", value: 7 } },
          {
            path: "conditions[1]", kind: "group", pass: false, condition: expect.any(Object),
            children: [
              { path: "conditions[1].conditions[0]", kind: "event", pass: false, actual: 2, actual_type: "number", condition: expect.any(Object) },
              { path: "conditions[1].conditions[1]", kind: "attribute", pass: false, actual: "pro", actual_type: "string", condition: expect.any(Object) },
            ],
          },
        ],
      },
    });
    await send(t, track("u1", "login"));
    const again = await json<{ member: boolean; stored: { member: boolean; entered_at: number } }>(await t.api("GET", `/api/segments/${seg.id}/explain/${user(t, "u1").id}`));
    expect(again).toMatchObject({ member: true, stored: { member: true, entered_at: T0 / 1000 } });
  });

  it("serves the size history per hour and per day", async () => {
    t = segTest();
    await send(t, identify("u1", { plan: "pro" }));
    const seg = await json<{ id: string }>(await t.api("POST", "/api/segments", PRO));
    await refresh(t);
    t.clock.advance(HOUR);
    await send(t, identify("u2", { plan: "pro" }));
    await refresh(t);
    const hours = await json(await t.api("GET", `/api/segments/${seg.id}/history?granularity=hour`));
    expect(hours).toEqual({ type: "segment.history", id: seg.id, granularity: "hour", data: [{ at: T0 / 1000, count: 1 }, { at: (T0 + HOUR) / 1000, count: 2 }] });
    const days = await json(await t.api("GET", `/api/segments/${seg.id}/history`));
    expect(days).toMatchObject({ granularity: "day", data: [{ at: Math.floor(T0 / DAY) * DAY / 1000, count: 2 }] });
    await json(await t.api("GET", `/api/segments/${seg.id}/history?granularity=week`), 400);
  });

  it("moves a contact into a tag segment as soon as the API tags it, and out when untagged", async () => {
    t = segTest();
    await send(t, identify("u9", { plan: "pro" }));
    const tag = await json<{ id: string }>(await t.api("POST", "/api/tags", { name: "VIP" }));
    const seg = await json<{ id: string }>(await t.api("POST", "/api/segments", { name: "VIPs", match: "all", conditions: [{ tag: "VIP", op: "has" }] }));
    const contact = await json<{ id: string }>(await t.api("GET", "/api/contacts/find_by_external_id/u9"));
    const members = async () => (await json<{ data: { id: string }[] }>(await t.api("GET", `/api/segments/${seg.id}/contacts`))).data.map((c) => c.id);
    expect(await members()).toEqual([]);
    await json(await t.api("POST", `/api/contacts/${contact.id}/tags`, { id: tag.id }));
    await t.ctx.bus.settled();
    expect(await members()).toEqual([contact.id]);
    await json(await t.api("DELETE", `/api/contacts/${contact.id}/tags/${tag.id}`));
    await t.ctx.bus.settled();
    expect(await members()).toEqual([]);
  });
});
