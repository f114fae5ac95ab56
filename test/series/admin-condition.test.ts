import { afterEach, describe, expect, it } from "vitest";
import { createSegment } from "../../src/segments/index.js";
import { currentVersion, findStep, getSeries } from "../../src/series/index.js";
import { get, HX, owner, post, type Browser } from "../admin/support.js";
import { contact, seriesTest, type SeriesTest } from "./helpers.js";

describe("series split conditions in the filter builder", { timeout: 60_000 }, () => {
  let t: SeriesTest;
  let who: Browser;
  afterEach(() => t.close());

  async function splitSeries(): Promise<{ id: string; stepId: string }> {
    const res = await post(t, "/series", { template: "blank", name: "Split" }, who);
    const id = res.headers.get("location")!.split("/").pop()!;
    await post(t, `/series/${id}/steps`, { list: "root", index: "0", kind: "split_condition" }, who, { headers: HX });
    const stepId = currentVersion(t.ctx, getSeries(t.ctx, t.ws, id)).definition.steps[0]!.id;
    return { id, stepId };
  }
  const branch = (id: string, stepId: string, i: number) => {
    const step = findStep(currentVersion(t.ctx, getSeries(t.ctx, t.ws, id)).definition.steps, stepId);
    if (step?.type !== "split" || step.mode !== "condition") throw new Error("not a condition split");
    return step.branches[i]!;
  };

  it("the block links to the builder and keeps the JSON as a fallback; builder fields save the right definition", async () => {
    t = seriesTest();
    who = owner(t);
    const { id, stepId } = await splitSeries();
    const editor = await (await get(t, `/series/${id}`, who)).text();
    expect(editor).toContain(`href="/series/${id}/steps/${stepId}/condition/0"`);
    expect(editor).toMatch(/<summary>Edit as JSON<\/summary>[^]*?name="condition_0"/);

    const page = await (await get(t, `/series/${id}/steps/${stepId}/condition/0`, who)).text();
    expect(page).toContain('id="contact-filter"');
    expect(page).toContain("Save condition");

    contact(t, "Ann");
    contact(t, "Bob");
    // Adding a row re-renders the builder with the new row and the live count.
    const added = await (await get(t, `/series/${id}/steps/${stepId}/condition/0?match=all&add=attr:name`, who, HX)).text();
    expect(added).toContain('id="cf-0"');
    const typed = await (await get(t, `/series/${id}/steps/${stepId}/condition/0?match=all&cf=attr:name&co=eq&cv=Ann&cd=`, who, HX)).text();
    expect(typed).toMatch(/id="condition-count"[^]*?<strong>1<\/strong> contact matches/);

    const res = await post(t, `/series/${id}/steps/${stepId}/condition/0`, { match: "any", cf: "attr:name", co: "contains", cv: "Bo", cd: "" }, who, { headers: HX });
    expect(res.status).toBe(200);
    expect(res.headers.get("hx-redirect")).toBe(`/series/${id}`);
    expect(branch(id, stepId, 0).condition).toEqual({ match: "any", conditions: [{ attribute: "name", op: "contains", value: "Bo" }] });
    // Reopening shows the saved condition as a builder row.
    const reopened = await (await get(t, `/series/${id}/steps/${stepId}/condition/0`, who)).text();
    expect(reopened).toMatch(/id="cv-0"[^>]*value="Bo"|value="Bo"[^>]*id="cv-0"/);
  });

  it("matches a segment; unfinished rows and unknown branches are refused with a clear message", async () => {
    t = seriesTest();
    who = owner(t);
    const seg = createSegment(t.ctx, t.ws, { name: "Payers", match: "all", conditions: [{ attribute: "name", op: "eq", value: "Pat" }] });
    const { id, stepId } = await splitSeries();
    const page = await (await get(t, `/series/${id}/steps/${stepId}/condition/0?match=all&add=segment`, who)).text();
    expect(page).toContain(`<option value="${seg.id}">Payers</option>`);
    let res = await post(t, `/series/${id}/steps/${stepId}/condition/0`, { match: "all", cf: "segment", co: "in", cv: seg.id, cd: "" }, who, { headers: HX });
    expect(res.status).toBe(200);
    expect(branch(id, stepId, 0).condition).toEqual({ match: "all", conditions: [{ segment: seg.id, op: "in" }] });

    res = await post(t, `/series/${id}/steps/${stepId}/condition/0`, { match: "all", cf: "attr:name", co: "eq", cv: "", cd: "" }, who, { headers: HX });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Condition 1 needs a value");
    expect(branch(id, stepId, 0).condition).toEqual({ match: "all", conditions: [{ segment: seg.id, op: "in" }] });

    expect((await get(t, `/series/${id}/steps/${stepId}/condition/9`, who)).status).toBe(404);
  });

  it("sets the goal and exit rules with the builder, removes them when emptied, and picks a segment to enter from", async () => {
    t = seriesTest();
    who = owner(t);
    const seg = createSegment(t.ctx, t.ws, { name: "Trials", match: "all", conditions: [{ attribute: "name", op: "eq", value: "Tia" }] });
    const { id } = await splitSeries();
    const def = () => currentVersion(t.ctx, getSeries(t.ctx, t.ws, id)).definition;
    const editor = await (await get(t, `/series/${id}`, who)).text();
    expect(editor).toContain(`href="/series/${id}/goal/condition"`);
    expect(editor).toContain(`href="/series/${id}/exits/0/condition"`);

    let res = await post(t, `/series/${id}/goal/condition`, { match: "all", cf: "segment", co: "in", cv: seg.id, cd: "" }, who, { headers: HX });
    expect(res.status).toBe(200);
    expect(def().goal).toEqual({ condition: { match: "all", conditions: [{ segment: seg.id, op: "in" }] } });
    res = await post(t, `/series/${id}/exits/0/condition`, { match: "all", cf: "attr:unsubscribed_from_emails", co: "eq", cv: "true", cd: "" }, who, { headers: HX });
    expect(res.status).toBe(200);
    expect(def().exits).toEqual([{ condition: { match: "all", conditions: [{ attribute: "unsubscribed_from_emails", op: "eq", value: true }] } }]);
    expect((await get(t, `/series/${id}/exits/5/condition`, who)).status).toBe(404);

    res = await post(t, `/series/${id}/goal/condition`, { match: "all" }, who, { headers: HX });
    expect(res.status).toBe(200);
    expect(def().goal).toBeNull();
    await post(t, `/series/${id}/exits/0/condition`, { match: "all" }, who, { headers: HX });
    expect(def().exits).toEqual([]);

    const settings = { name: "Split", entry: "{\"type\":\"manual\"}", goal: "null", exits: "[]", reentry: "never" };
    res = await post(t, `/series/${id}/settings`, { ...settings, entry_segment: seg.id }, who, { headers: HX });
    expect(res.status).toBe(200);
    expect(def().entry).toEqual({ type: "segment", segmentId: seg.id });
    expect(await res.text()).toContain(`<option value="${seg.id}" selected="">Trials</option>`);
    res = await post(t, `/series/${id}/settings`, { ...settings, entry_segment: "" }, who, { headers: HX });
    expect(def().entry).toEqual({ type: "manual" });
  });
});
