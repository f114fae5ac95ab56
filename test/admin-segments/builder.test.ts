import { afterEach, describe, expect, it } from "vitest";
import { listAudit } from "../../src/operators/audit.js";
import { countMembers, getSegment, listSegments } from "../../src/segments/index.js";
import { builderQuery, get, HX, liveCount, makeTestApp, owner, postPairs, proSegment, seedPeople, type Browser, type TestApp } from "./helpers.js";

let t: TestApp;
let me: Browser;
afterEach(() => t?.close());

async function setup() {
  t = makeTestApp();
  me = owner(t);
  await seedPeople(t);
}

const PLAN = "attr:custom_attributes.plan";

describe("segment builder", () => {
  it("shows a live count and sample that follow the conditions being typed", async () => {
    await setup();
    const pro = await get(t, `/segments/editor?${builderQuery([[PLAN, "eq", "pro"]])}`, me, HX);
    expect(pro.status).toBe(200);
    const html = await pro.text();
    expect(liveCount(html)).toBe(2);
    expect(html).toContain(">Ann</a>");
    expect(html).not.toContain(">Bob</a>");
    const free = await (await get(t, `/segments/editor?${builderQuery([[PLAN, "eq", "free"]])}`, me, HX)).text();
    expect(liveCount(free)).toBe(1);
    expect(free).toContain(">Bob</a>");
    // Leads only: none of the three users.
    const leads = await (await get(t, `/segments/editor?${builderQuery([[PLAN, "eq", "pro"]], { person: "leads" })}`, me, HX)).text();
    expect(liveCount(leads)).toBe(0);
  });

  it("adds a row on request and counts a row without a value as left out", async () => {
    await setup();
    const html = await (await get(t, `/segments/editor?${builderQuery([], { add: PLAN })}`, me, HX)).text();
    expect(html).toMatch(/<select id="cf-0" name="cf"/);
    expect(liveCount(html)).toBe(3);
    expect(html).toContain("unfinished conditions are left out");
  });

  it("names the problem in a bad condition instead of failing", async () => {
    await setup();
    const res = await get(t, `/segments/editor?${builderQuery([["attr:session_count", "gt", "lots"]])}`, me, HX);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Definition problem");
    expect(liveCount(html)).toBeUndefined();
  });

  it("creates a segment from the builder form, computes its members and records it in the audit log", async () => {
    await setup();
    const res = await postPairs(t, me, "/segments", [["name", "Paying"], ["person", "users"], ["match", "all"], ["cf", PLAN], ["co", "eq"], ["cv", "pro"], ["cd", ""]]);
    expect(res.status).toBe(303);
    const id = /^\/segments\/(seg_[a-z0-9]+)$/.exec(res.headers.get("location") ?? "")?.[1];
    expect(id).toBeDefined();
    const seg = getSegment(t.ctx, t.workspace.id, id!);
    expect(seg.name).toBe("Paying");
    expect(seg.personType).toBe("user");
    expect(countMembers(t.ctx, seg.id)).toBe(2);
    const audit = listAudit(t.ctx).find((a) => a.action === "segment.created");
    expect(audit?.target).toBe(seg.id);
    expect(audit?.operatorId).toBe(me.operator.id);
  });

  it("an htmx save follows HX-Redirect to the segment page", async () => {
    await setup();
    const res = await postPairs(t, me, "/segments", [["name", "Everyone pro"], ["person", "all"], ["match", "all"], ["cf", PLAN], ["co", "eq"], ["cv", "pro"], ["cd", ""]], HX);
    expect(res.status).toBe(200);
    const seg = listSegments(t.ctx, t.workspace.id)[0]!;
    expect(res.headers.get("hx-redirect")).toBe(`/segments/${seg.id}`);
    expect(seg.personType).toBe("all");
  });

  it("refuses a save without a name, or with an unfinished row, re-rendering the builder", async () => {
    await setup();
    const noName = await postPairs(t, me, "/segments", [["name", " "], ["person", "users"], ["match", "all"]], HX);
    expect(noName.status).toBe(422);
    expect(await noName.text()).toContain('id="segment-name-error"');
    const unfinished = await postPairs(t, me, "/segments", [["name", "X"], ["person", "users"], ["match", "all"], ["cf", PLAN], ["co", "eq"], ["cv", ""], ["cd", ""]], HX);
    expect(unfinished.status).toBe(422);
    expect(await unfinished.text()).toContain("Condition 1 needs a value");
    expect(listSegments(t.ctx, t.workspace.id)).toEqual([]);
  });

  it("saving an edit recomputes the members in full", async () => {
    await setup();
    const seg = await proSegment(t);
    expect(countMembers(t.ctx, seg.id)).toBe(2);
    const res = await postPairs(t, me, `/segments/${seg.id}`, [["id", seg.id], ["name", "Free users"], ["person", "users"], ["match", "all"], ["cf", PLAN], ["co", "eq"], ["cv", "free"], ["cd", ""]]);
    expect(res.status).toBe(303);
    expect(getSegment(t.ctx, t.workspace.id, seg.id).name).toBe("Free users");
    expect(countMembers(t.ctx, seg.id)).toBe(1);
    expect(listAudit(t.ctx).some((a) => a.action === "segment.updated" && a.target === seg.id)).toBe(true);
  });

  it("shows an 'any' filter saved from the contacts list as leads/users plus 'any' rows, and saves it back unchanged", async () => {
    await setup();
    const any = { match: "any", conditions: [{ attribute: "custom_attributes.plan", op: "eq", value: "free" }, { attribute: "name", op: "eq", value: "Ann" }] };
    await postPairs(t, me, "/contacts/segments", [["name", "Ann or free"], ["tab", "users"], ["f", Buffer.from(JSON.stringify(any)).toString("base64url")]]);
    const seg = listSegments(t.ctx, t.workspace.id)[0]!;
    const html = await (await get(t, `/segments/${seg.id}`, me)).text();
    expect(html).toMatch(/<option value="any" selected/);
    expect(html).toMatch(/<option value="users" selected/);
    expect(html).toContain('id="cf-1"');
    expect(html).not.toContain('id="cf-2"');
    const before = seg.definition;
    const res = await postPairs(t, me, `/segments/${seg.id}`, [
      ["name", "Ann or free"], ["person", "users"], ["match", "any"],
      ["cf", PLAN], ["co", "eq"], ["cv", "free"], ["cd", ""], ["cf", "attr:name"], ["co", "eq"], ["cv", "Ann"], ["cd", ""],
    ]);
    expect(res.status).toBe(303);
    expect(getSegment(t.ctx, t.workspace.id, seg.id).definition).toEqual(before);
    expect(countMembers(t.ctx, seg.id)).toBe(2);
  });

  it("refuses a segment that refers to itself", async () => {
    await setup();
    const seg = await proSegment(t);
    const res = await postPairs(t, me, `/segments/${seg.id}`, [["id", seg.id], ["name", "Loop"], ["person", "users"], ["match", "all"], ["cf", "segment"], ["co", "in"], ["cv", seg.id], ["cd", ""]], HX);
    expect(res.status).toBe(422);
    expect(getSegment(t.ctx, t.workspace.id, seg.id).name).toBe("Pro users");
  });

  it("refuses a POST without the CSRF token and changes nothing", async () => {
    await setup();
    const seg = await proSegment(t);
    const body = new URLSearchParams([["name", "Hijacked"], ["person", "users"], ["match", "all"]]);
    const res = await t.app.request(`/segments/${seg.id}`, {
      method: "POST", body, headers: { cookie: me.cookie, "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    const del = await t.app.request(`/segments/${seg.id}/delete`, { method: "POST", body: new URLSearchParams(), headers: { cookie: me.cookie, "content-type": "application/x-www-form-urlencoded", origin: t.ctx.config.PUBLIC_URL } });
    expect(del.status).toBe(403);
    expect(getSegment(t.ctx, t.workspace.id, seg.id).name).toBe("Pro users");
  });

  it("deletes a segment (audited), and refuses while another segment uses it", async () => {
    await setup();
    const seg = await proSegment(t);
    const user = await proSegment(t, "Uses pro");
    const { updateSegment } = await import("../../src/segments/index.js");
    await updateSegment(t.ctx, t.workspace.id, user.id, { match: "all", conditions: [{ segment: seg.id, op: "in" }] });
    const refused = await postPairs(t, me, `/segments/${seg.id}/delete`, [], HX);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Uses pro");
    expect(listSegments(t.ctx, t.workspace.id)).toHaveLength(2);
    const ok = await postPairs(t, me, `/segments/${user.id}/delete`, []);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/segments");
    expect(listSegments(t.ctx, t.workspace.id).map((s) => s.id)).toEqual([seg.id]);
    expect(listAudit(t.ctx).some((a) => a.action === "segment.deleted" && a.target === user.id)).toBe(true);
  });
});
