import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAudit } from "../../src/operators/audit.js";
import { getMessage } from "../../src/outbound/index.js";
import { get, HX, identify, makeTestApp, owner, send, track, type Browser, type TestApp } from "../admin-contacts/helpers.js";
import { makeMessage } from "./fixtures.js";

let t: TestApp;
let who: Browser;
beforeEach(async () => {
  t = makeTestApp();
  who = owner(t);
  await send(t, identify("ann", { email: "ann@example.test" }),
    track("ann", "project_created", { plan: "pro", seats: 3, trial: true }), track("ann", "project_created", { plan: "free", seats: 12, trial: false }),
    track("ann", "invoice_paid", { amount: 10 }));
});
afterEach(() => t.close());

const eventMessage = (where?: unknown[]) =>
  makeMessage(t, { name: "Nudge", kind: "ongoing", trigger: { type: "event", name: "project_created", ...(where ? { where } : {}) } });
const url = (id: string) => `/messages/${id}/trigger-where`;

/** The builder form as a browser posts it (repeated fields for the rows). */
function postForm(path: string, fields: Record<string, string | string[]>, opts: { htmx?: boolean; csrf?: boolean } = {}): Promise<Response> | Response {
  const body = new URLSearchParams(opts.csrf === false ? [] : [["_csrf", who.csrf]]);
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return t.app.request(path, {
    method: "POST", body,
    headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded", origin: t.ctx.config.PUBLIC_URL, "sec-fetch-site": "same-origin", ...(opts.htmx ? HX : {}) },
  });
}

describe("event trigger metadata conditions in the filter builder", { timeout: 30_000 }, () => {
  it("offers the event's metadata keys with their types, saves conditions into the trigger (audited), and shows them again", async () => {
    const m = eventMessage();
    const page = await (await get(t, url(m.id), who)).text();
    expect(page).toContain("Fire when “project_created” has metadata that matches");
    for (const key of ["plan", "seats", "trial"]) expect(page).toContain(`<option value="meta:${key}">${key}</option>`);
    expect(page).not.toContain("meta:amount");
    expect(page).toContain("No conditions: every “project_created” fires the message.");

    // Adding a number key offers number operators; a boolean one true/false.
    const added = await (await get(t, `${url(m.id)}?match=all&add=meta:seats`, who, HX)).text();
    expect(added).toMatch(/<option value="gte"[^>]*>is at least<\/option>/);
    expect(added).not.toContain('value="contains"');

    const res = await postForm(url(m.id), { match: "all", cf: ["meta:plan", "meta:seats", "meta:trial"], co: ["eq", "gte", "eq"], cv: ["pro", "5", "true"] });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/messages/${m.id}/edit`);
    expect(getMessage(t.ctx, t.workspace.id, m.id).trigger).toEqual({
      type: "event", name: "project_created",
      where: [{ key: "plan", op: "eq", value: "pro" }, { key: "seats", op: "gte", value: 5 }, { key: "trial", op: "eq", value: true }],
    });
    expect(listAudit(t.ctx).some((a) => a.action === "message.updated" && a.target === m.id)).toBe(true);

    const again = await (await get(t, url(m.id), who)).text();
    expect(again).toMatch(/<option value="meta:seats" selected="">seats<\/option>/);
    expect(again).toContain('value="5"');
    expect(again).toContain("<strong>3</strong> conditions, all must hold.");
    const edit = await (await get(t, `/messages/${m.id}/edit`, who)).text();
    expect(edit).toContain("Event metadata conditions: 3 conditions (all must hold)");
    expect(edit).toContain(`href="${url(m.id)}"`);
    expect(edit).toContain('name="trigger_where"');
  });

  it("keeps conditions on keys it has not seen as JSON rows, and takes a new key as a JSON row", async () => {
    const m = eventMessage([{ key: "source", op: "starts_with", value: "api" }]);
    const page = await (await get(t, url(m.id), who)).text();
    expect(page).toMatch(/<option value="meta:source" selected="">source<\/option>/);
    const res = await postForm(url(m.id), { match: "all", cf: ["meta:source", "json"], co: ["starts_with", "json"], cv: ["api", '{"key":"team.size","op":"gt","value":2}'] });
    expect(res.status).toBe(303);
    expect((getMessage(t.ctx, t.workspace.id, m.id).trigger as { where: unknown[] }).where).toEqual([
      { key: "source", op: "starts_with", value: "api" }, { key: "team.size", op: "gt", value: 2 },
    ]);
    // Removing every row saves the trigger without conditions.
    expect((await postForm(url(m.id), { match: "all" })).status).toBe(303);
    expect(getMessage(t.ctx, t.workspace.id, m.id).trigger).toEqual({ type: "event", name: "project_created" });
  });

  it("refuses unfinished rows, 'any', bad JSON and bad conditions by row, a non-event trigger, and a missing CSRF token", async () => {
    const m = eventMessage();
    const unfinished = await postForm(url(m.id), { match: "all", cf: "meta:plan", co: "eq", cv: "" }, { htmx: true });
    expect(unfinished.status).toBe(422);
    expect(await unfinished.text()).toContain("Condition 1 needs a value");
    const any = await postForm(url(m.id), { match: "any", cf: ["meta:plan", "meta:seats"], co: ["eq", "eq"], cv: ["pro", "3"] });
    expect(any.status).toBe(422);
    expect(await any.text()).toContain("must all hold");
    const badJson = await postForm(url(m.id), { match: "all", cf: ["meta:plan", "json"], co: ["eq", "json"], cv: ["pro", "{nope"] });
    expect(badJson.status).toBe(422);
    expect(await badJson.text()).toContain("trigger.where[1]: not valid JSON");
    const badOp = await postForm(url(m.id), { match: "all", cf: "json", co: "json", cv: '{"key":"plan","op":"sideways","value":1}' });
    expect(badOp.status).toBe(422);
    expect(await badOp.text()).toMatch(/trigger\.where\[0\]\.op/);
    expect(getMessage(t.ctx, t.workspace.id, m.id).trigger).toEqual({ type: "event", name: "project_created" });
    expect((await postForm(url(m.id), { match: "all", cf: "meta:plan", co: "eq", cv: "pro" }, { csrf: false })).status).toBe(403);

    const other = makeMessage(t, { kind: "ongoing", trigger: { type: "inactive", days: 7 } });
    const refused = await get(t, url(other.id), who);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("belong to an “event” trigger");
  });
});
