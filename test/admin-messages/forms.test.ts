import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getMessage } from "../../src/outbound/index.js";
import { createSegment } from "../../src/segments/index.js";
import { get, makeTestApp, owner, post, send, type Browser, type TestApp } from "../admin-contacts/helpers.js";

let t: TestApp;
let who: Browser;
beforeEach(async () => {
  t = makeTestApp();
  who = owner(t);
  await send(t, { type: "identify", userId: "ann", traits: { name: "Ann", email: "ann@example.test", plan: "pro" } });
});
afterEach(() => t.close());

async function create(fields: Record<string, string>): Promise<string> {
  const res = await post(t, "/messages", { _ws: t.workspace.id, vA_weight: "100", control_percent: "0", priority: "0", ...fields }, who);
  if (res.status !== 303) throw new Error(`${res.status}: ${(await res.text()).match(/id="message-errors"[^]*?<\/div>/)?.[0]}`);
  return res.headers.get("location")!.split("/").pop()!;
}

describe("message editor fields", { timeout: 30_000 }, () => {
  it("saves an automatic message: event trigger with metadata, frequency, goal, window, cap bypass; and loads it back", async () => {
    const id = await create({
      name: "Day-3 nudge", channel: "email", kind: "ongoing", vA_subject: "Need a hand?", vA_body: "Hi", trigger_type: "event",
      trigger_event: "project_created", trigger_where: '[{"key":"plan","op":"eq","value":"pro"}]', trigger_first: "1",
      freq_mode: "every_n_days", freq_days: "14", goal_type: "event", goal_event: "invited_teammate", goal_days: "3",
      win_start: "9", win_end: "18", bypass_cap: "1", send_rate: "600", sender_name: "Ops team",
    });
    const m = getMessage(t.ctx, t.workspace.id, id);
    expect(m).toMatchObject({
      kind: "ongoing", trigger: { type: "event", name: "project_created", first: true, where: [{ key: "plan", op: "eq", value: "pro" }] },
      frequency: { mode: "every_n_days", days: 14 }, goal: { event: "invited_teammate", withinDays: 3 },
      deliveryWindow: { startHour: 9, endHour: 18 }, bypassCap: true, sendRate: 600, sender: { name: "Ops team" }, scheduledAt: null,
    });
    const edit = await (await get(t, `/messages/${id}/edit`, who)).text();
    expect(edit).toContain('value="project_created"');
    expect(edit).toMatch(/<option value="every_n_days" selected="">/);
    expect(edit).toContain("[{&quot;key&quot;:&quot;plan&quot;");
  });

  it("saves an in-app post: quick replies with values, answer attribute, button, page pattern and delay", async () => {
    const id = await create({
      name: "Billing post", channel: "post", kind: "one_off", send_mode: "at", scheduled_at: "2026-02-01T09:30",
      vA_body: "Your trial ends tomorrow", vA_replies: "Upgrade | upgrade\nLater", vA_reply_attribute: "trial_answer",
      vA_button_label: "See plans", vA_button_url: "https://example.test/plans", url_pattern: "/billing*", delay_seconds: "5",
      vA_subject: "ignored for in-app",
    });
    const m = getMessage(t.ctx, t.workspace.id, id);
    expect(m.scheduledAt).toBe(Date.UTC(2026, 1, 1, 9, 30));
    expect(m.display).toEqual({ urlPattern: "/billing*", delaySeconds: 5 });
    expect(m.variants[0]).toMatchObject({
      subject: null,
      content: { replies: [{ label: "Upgrade", value: "upgrade" }, { label: "Later", value: "Later" }], attribute: "trial_answer", button: { label: "See plans", url: "https://example.test/plans" } },
    });
    const edit = await (await get(t, `/messages/${id}/edit`, who)).text();
    expect(edit).toContain("Upgrade | upgrade\nLater");
    expect(edit).toContain('value="2026-02-01T09:30"');
  });

  it("audience: segment, exclusions, percentage and one contact by user id; an unknown segment is refused by name", async () => {
    const pro = await createSegment(t.ctx, t.workspace.id, { name: "Pro", match: "all", conditions: [{ attribute: "custom_attributes.plan", op: "eq", value: "pro" }] });
    const all = await createSegment(t.ctx, t.workspace.id, { name: "Everyone", match: "all", conditions: [{ attribute: "role", op: "eq", value: "user" }] });
    const body = new URLSearchParams({ _ws: t.workspace.id, _csrf: who.csrf, name: "Targeted", channel: "email", kind: "one_off", vA_subject: "S", vA_body: "B", aud_segment: pro.id, aud_percent: "50", aud_contact: "ann" });
    body.append("aud_exclude", all.id);
    const res = await t.app.request("/messages", {
      method: "POST", body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: t.ctx.config.PUBLIC_URL, "sec-fetch-site": "same-origin", cookie: who.cookie },
    });
    expect(res.status).toBe(303);
    const m = getMessage(t.ctx, t.workspace.id, res.headers.get("location")!.split("/").pop()!);
    expect(m.audience).toMatchObject({ segmentId: pro.id, percent: 50, excludeSegmentIds: [all.id] });
    expect((m.audience as { contactId: string }).contactId).toMatch(/^[a-z]+_/);
    const bad = await post(t, "/messages", { _ws: t.workspace.id, name: "X", channel: "email", vA_subject: "S", aud_segment: "seg_missing" }, who);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("no such segment");
  });
});
