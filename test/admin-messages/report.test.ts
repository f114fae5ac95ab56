import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY, MINUTE } from "../../src/lib/clock.js";
import { getMessage, launchMessage, recordDeliveryOutcome } from "../../src/outbound/index.js";
import { get, HX, makeTestApp, owner, post, type Browser, type TestApp } from "../admin-contacts/helpers.js";
import { enqueueAll, makeMessage, makeUsers, markSent } from "./fixtures.js";

let t: TestApp;
let who: Browser;
beforeEach(() => {
  t = makeTestApp();
  who = owner(t);
});
afterEach(() => t.close());

const XSS = `<script>alert("x")</script>`;

/** Reads SSE frames until `until` matches the text so far (or the stream ends); then closes it. */
async function readSse(res: Response, until: RegExp): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
    if (until.test(text)) break;
  }
  await reader.cancel();
  return text;
}

describe("message report", { timeout: 60_000 }, () => {
  it("shows every figure as a link, the chart data, the A/B table with promote, all escaped", async () => {
    const users = await makeUsers(t, 240);
    const m = makeMessage(t, { name: XSS, goal: { event: "paid", withinDays: 7 }, variants: [{ subject: "A", body: XSS }, { subject: "B", body: "b" }] });
    const ds = enqueueAll(t, m, users);
    markSent(t, ds, t.clock.now());
    const b = m.variants[1]!;
    ds.filter((d) => d.variantId === b.id).slice(0, 60).forEach((d) => recordDeliveryOutcome(t.ctx, d.id, "goal", t.clock.now() + MINUTE));
    ds.filter((d) => d.variantId !== b.id).slice(0, 5).forEach((d) => recordDeliveryOutcome(t.ctx, d.id, "goal", t.clock.now() + MINUTE));
    const html = await (await get(t, `/messages/${m.id}`, who)).text();
    expect(html).not.toContain(XSS);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toMatch(/href="\/messages\/[^"]+\/contacts\?metric=goal" data-metric="goal"[^]*?<span class="stat-value">65<\/span>/);
    expect(html).toContain('id="data-message"');
    expect(html).toMatch(/<tr data-arm="B" class="">|<tr data-arm="B">/);
    expect(html).toContain("Variant B beats every other arm");
    const promote = await post(t, `/messages/${m.id}/promote`, { variant: b.id, _ws: t.workspace.id }, who, { headers: HX });
    expect(promote.headers.get("hx-redirect")).toBe(`/messages/${m.id}`);
    expect(getMessage(t.ctx, t.workspace.id, m.id).winnerVariantId).toBe(b.id);
    const after = await (await get(t, `/messages/${m.id}`, who)).text();
    expect(after).toContain("The test is over");
    expect(after).not.toMatch(/\/promote"/);
  });

  it("the outbound.ab job promotes a clear winner of a running test with auto-promotion on", async () => {
    const users = await makeUsers(t, 240);
    const m = makeMessage(t, { autoPromote: true, goal: { event: "paid", withinDays: 7 }, variants: [{ subject: "A", body: "a" }, { subject: "B", body: "b" }] });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    const ds = t.ctx.db.$client.prepare("SELECT id, variant_id AS variantId FROM deliveries WHERE message_id = ?").all(m.id) as { id: string; variantId: string }[];
    expect(ds).toHaveLength(users.length);
    await t.runJob("outbound.ab");
    expect(getMessage(t.ctx, t.workspace.id, m.id).winnerVariantId).toBeNull();
    await t.runJob("outbound.send");
    const a = m.variants[0]!;
    ds.filter((d) => d.variantId === a.id).slice(0, 50).forEach((d) => recordDeliveryOutcome(t.ctx, d.id, "goal", t.clock.now()));
    await t.runJob("outbound.ab");
    expect(getMessage(t.ctx, t.workspace.id, m.id).winnerVariantId).toBe(a.id);
  });

  it("streams the progress bar of a sending broadcast over SSE and ends once it is sent", async () => {
    await makeUsers(t, 3);
    const m = makeMessage(t);
    await launchMessage(t.ctx, t.workspace.id, m.id);
    const res = await get(t, `/messages/${m.id}/stream`, who);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const first = readSse(res, /2 of 3|3 of 3|event: done/);
    await t.runJob("outbound.send");
    const text = await first;
    expect(text).toMatch(/event: progress\ndata: <div id="send-progress"[^]*0 of 3/);
    // Once sent, a new stream sends the final bar and ends.
    const done = await readSse(await get(t, `/messages/${m.id}/stream`, who), /event: done/);
    expect(done).toMatch(/Done: 3 of 3 handled \(100%\)[^]*event: done\ndata: sent/);
  });
});

describe("Reports → Messages", { timeout: 30_000 }, () => {
  it("puts messages side by side with links to their contacts, filters by channel and range, exports CSV", async () => {
    const users = await makeUsers(t, 4);
    const email = makeMessage(t, { name: `Mail ${XSS}` });
    const chat = makeMessage(t, { name: "Chat hello", channel: "chat", variants: [{ body: "Hey" }] });
    const e = enqueueAll(t, email, users);
    markSent(t, e, t.clock.now() - DAY);
    recordDeliveryOutcome(t.ctx, e[0]!.id, "clicked", t.clock.now());
    markSent(t, enqueueAll(t, chat, users.slice(0, 2)), t.clock.now() - 40 * DAY);
    const html = await (await get(t, "/reports/messages", who)).text();
    expect(html).toContain("Mail &lt;script&gt;");
    expect(html).not.toContain("Chat hello");
    expect(html).toContain(`/messages/${email.id}/contacts?metric=clicked`);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const wide = await (await get(t, `/reports/messages?from=${day(t.clock.now() - 60 * DAY)}&to=${day(t.clock.now())}&channel=chat`, who)).text();
    expect(wide).toContain("Chat hello");
    expect(wide).not.toContain("Mail &lt;script&gt;");
    const csv = await get(t, "/reports/messages.csv", who);
    expect(csv.headers.get("content-disposition")).toContain("attachment");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toContain("message_id,name,kind,channel");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",4,1,1,0,0,0,0.25,0.25,");
    const index = await (await get(t, "/reports", who)).text();
    expect(index).toContain('href="/reports/messages"');
  });
});
