import { afterEach, describe, expect, it } from "vitest";
import { currentVersion, findStep, flatten, getSeries, listSeries, listVersions, type Step } from "../../src/series/index.js";
import { get, HX, owner, post, type Browser } from "../admin/support.js";
import { contact, seriesTest, type SeriesTest } from "./helpers.js";

describe("series admin", { timeout: 60_000 }, () => {
  let t: SeriesTest;
  let who: Browser;
  afterEach(() => t.close());

  async function fromTemplate(template = "trial_onboarding", name = "Trial <b>one</b>"): Promise<string> {
    const res = await post(t, "/series", { template, name }, who);
    expect(res.status).toBe(303);
    return res.headers.get("location")!.split("/").pop()!;
  }

  it("lists templates, creates a series from one and renders its flow with counts on every block", async () => {
    t = seriesTest();
    who = owner(t);
    const list = await (await get(t, "/series", who)).text();
    expect(list).toContain("14-day trial onboarding");
    const id = await fromTemplate();
    const html = await (await get(t, `/series/${id}`, who)).text();
    expect(html).toContain("Trial &lt;b&gt;one&lt;/b&gt;");
    for (const step of ["day1_welcome", "day3_stalled", "day7_key_action", "day13_activity", "day13_dead"]) expect(html).toContain(`id="block-${step}"`);
    expect(html.match(/class="block-counts"/g)!.length).toBe(flatten(currentVersion(t.ctx, getSeries(t.ctx, t.ws, id)).definition.steps).length);
    expect(html.match(/class="block-counts"/g)!.length).toBe(14);
    expect(html).toContain("Sleeping: 3–10 logins, no key action");
    expect(listSeries(t.ctx, t.ws)[0]!.template).toBe("trial_onboarding");
    await post(t, `/series/${id}/launch`, {}, who, { headers: HX });
    contact(t, "Counted", { signedUpAt: t.clock.now() + 1 });
    t.clock.advance(1);
    await t.ctx.bus.settled();
    const poll = await (await get(t, `/series/${id}/counts`, who, HX)).text();
    expect(poll).toContain('id="counts-day1_welcome" hx-swap-oob="true"');
    expect(poll).toMatch(/id="counts-wait_to_day3"[^]*?waiting<\/dt><dd>1</);
  });

  it("adds, edits, moves and deletes blocks; bad input is a 422 naming the field, not a 500", async () => {
    t = seriesTest();
    who = owner(t);
    const id = await fromTemplate("blank", "Blank");
    let res = await post(t, `/series/${id}/steps`, { list: "root", index: "0", kind: "wait_duration" }, who, { headers: HX });
    expect(res.status).toBe(200);
    const steps = () => currentVersion(t.ctx, getSeries(t.ctx, t.ws, id)).definition.steps;
    const waitId = steps()[0]!.id;
    res = await post(t, `/series/${id}/steps`, { list: "root", index: "1", kind: "send" }, who, { headers: HX });
    const sendId = steps()[1]!.id;
    expect(await res.text()).toContain(`id="block-${sendId}"`);
    res = await post(t, `/series/${id}/steps/${waitId}`, { amount: "3", unit: "hours" }, who, { headers: HX });
    expect(res.status).toBe(200);
    expect(findStep(steps(), waitId)).toMatchObject({ duration: { amount: 3, unit: "hours" } });
    res = await post(t, `/series/${id}/steps/${waitId}`, { amount: "soon", unit: "hours" }, who, { headers: HX });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("amount: must be a number");
    res = await post(t, `/series/${id}/steps/${sendId}`, { name: "Hi", channel: "email", subject_0: "", body_0: "x", weight_0: "100", subject_1: "", body_1: "", weight_1: "100" }, who, { headers: HX });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("an email needs a subject");
    await post(t, `/series/${id}/steps/${sendId}/move-up`, {}, who, { headers: HX });
    expect(steps().map((s) => s.id)).toEqual([sendId, waitId]);
    await post(t, `/series/${id}/steps/${waitId}/delete`, {}, who, { headers: HX });
    expect(steps().map((s) => s.id)).toEqual([sendId]);
    res = await post(t, `/series/${id}/settings`, { name: "Blank", entry: "{\"type\":\"event\"}", goal: "null", exits: "[]", reentry: "never" }, who, { headers: HX });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("entry.event");
  });

  it("editing a live series makes a new version and the dry-run shows the path with dates", async () => {
    t = seriesTest();
    who = owner(t);
    const id = await fromTemplate();
    expect((await post(t, `/series/${id}/launch`, {}, who, { headers: HX })).status).toBe(200);
    const c = contact(t, "Dora");
    await t.ctx.bus.settled();
    await post(t, `/series/${id}/steps/wait_to_day3`, { amount: "3", unit: "days" }, who, { headers: HX });
    expect(listVersions(t.ctx, id).length).toBe(2);
    const res = await post(t, `/series/${id}/dry-run`, { contact: "", attributes: "{\"plan\":\"pro\"}", events: "1d login\n2d login\n3d login", days: "20" }, who, { headers: HX });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("Welcome aboard");
    expect(html).toContain("day 4");
    expect(html).toContain("You looked around — shall we extend your trial?");
    const bad = await post(t, `/series/${id}/dry-run`, { contact: "", attributes: "{}", events: "tomorrow login", days: "20" }, who, { headers: HX });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("events: line 1");
    expect(c).toBeTruthy();
  });

  it("edits a split's branches: relabel, remove one (its blocks go with it), add one; bad condition JSON is a 422", async () => {
    t = seriesTest();
    who = owner(t);
    const id = await fromTemplate();
    const split = () => findStep(currentVersion(t.ctx, getSeries(t.ctx, t.ws, id)).definition.steps, "day13_activity") as Extract<Step, { type: "split"; mode: "condition" }>;
    const fields: Record<string, string> = { otherwise: "Passive", add_branch: "1", remove_2: "1" };
    split().branches.forEach((b, i) => {
      fields[`label_${i}`] = i === 0 ? "Very active" : b.label;
      fields[`condition_${i}`] = JSON.stringify(b.condition);
    });
    let res = await post(t, `/series/${id}/steps/day13_activity`, fields, who, { headers: HX });
    expect(res.status).toBe(200);
    expect(split().branches.map((b) => [b.label, b.steps.map((x) => x.id)])).toEqual([
      ["Very active", ["day13_active"]], ["Sleeping: 3–10 logins, no key action", ["day13_sleeping"]], ["Branch 3", []],
    ]);
    expect(split().otherwise.steps.map((x) => x.id)).toEqual(["day13_passive"]);
    res = await post(t, `/series/${id}/steps/day13_activity`, { label_0: "x", condition_0: "{nope", label_1: "y", condition_1: "{}", label_2: "z", condition_2: "{}", otherwise: "o" }, who, { headers: HX });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("condition_0: is not valid JSON");
  });
});
