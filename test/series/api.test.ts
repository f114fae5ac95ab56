import { afterEach, describe, expect, it } from "vitest";
import { createSeries } from "../../src/series/index.js";
import { contact, liveSeries, sends, seriesTest, type SeriesTest } from "./helpers.js";

describe("series REST API", () => {
  let t: SeriesTest;
  afterEach(() => t.close());

  it("adds a contact to a series by id, external id or email, honouring re-entry and status", async () => {
    t = seriesTest();
    const id = liveSeries(t, { entry: { type: "manual" }, steps: [{ id: "hi", type: "send", name: "Hi", channel: "email", variants: [{ subject: "Hi", body: "Hello" }] }], exits: [], reentry: "never" });
    const c = contact(t, "Api");
    let res = await t.api("POST", `/api/series/${id}/enrollments`, { contact_id: c });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: "series_enrollment", contact_id: c, status: "completed", occurrence: 1 });
    expect(sends(t, id, c).map((s) => s.step)).toEqual(["hi"]);
    res = await t.api("POST", `/api/series/${id}/enrollments`, { contact_id: c });
    expect(res.status).toBe(409);
    res = await t.api("POST", `/api/series/${id}/enrollments`, { email: "nobody@example.com" });
    expect(res.status).toBe(404);
    res = await t.api("POST", `/api/series/${id}/enrollments`, {});
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("contact_id");
    const draft = createSeries(t.ctx, t.ws, { name: "Draft", definition: { entry: { type: "manual" }, steps: [] } });
    res = await t.api("POST", `/api/series/${draft.id}/enrollments`, { contact_id: c });
    expect(res.status).toBe(412);
    res = await t.api("GET", "/api/series");
    expect(((await res.json()) as { data: { name: string }[] }).data.map((s) => s.name).sort()).toEqual(["Draft", "Series"]);
  });
});
