import { afterEach, describe, expect, it } from "vitest";
import { listAudit } from "../../src/operators/audit.js";
import { findTagByName } from "../../src/tags/index.js";
import { get, HX, makeTestApp, owner, post, seedPeople, user, type Browser, type TestApp } from "./helpers.js";
import { postPairs } from "./helpers.js";

let t: TestApp;
let me: Browser;
afterEach(() => t?.close());

const f = (def: unknown) => Buffer.from(JSON.stringify(def)).toString("base64url");
const PRO = { match: "all", conditions: [{ attribute: "custom_attributes.plan", op: "eq", value: "pro" }] };

describe("audit rows for contact-area actions", () => {
  it("records bulk tag and untag once per action, with the tag and how many changed", async () => {
    t = makeTestApp();
    me = owner(t);
    await seedPeople(t);
    await postPairs(t, me, "/contacts/bulk-tag", [["scope", "all"], ["tag", "VIP"], ["action", "tag"], ["tab", "users"], ["f", f(PRO)]], HX);
    await postPairs(t, me, "/contacts/bulk-tag", [["scope", "selected"], ["ids", user(t, "ann").id], ["tag", "VIP"], ["action", "untag"]], HX);
    const rows = listAudit(t.ctx).filter((a) => a.action.startsWith("contacts.bulk_")).reverse();
    expect(rows.map((r) => [r.action, r.details, r.operatorId])).toEqual([
      ["contacts.bulk_tagged", { tag: "VIP", changed: 2, scope: "filter" }, me.operator.id],
      ["contacts.bulk_untagged", { tag: "VIP", changed: 1, scope: "selected" }, me.operator.id],
    ]);
  });

  it("records tag rename (old and new name) and delete", async () => {
    t = makeTestApp();
    me = owner(t);
    await seedPeople(t);
    await postPairs(t, me, "/contacts/bulk-tag", [["scope", "all"], ["tag", "beta"], ["action", "tag"], ["tab", "users"]], HX);
    const tag = findTagByName(t.ctx, t.workspace.id, "beta")!;
    expect((await post(t, `/tags/${tag.id}/rename`, { name: "Beta testers" }, me)).status).toBe(303);
    expect((await post(t, `/tags/${tag.id}/delete`, {}, me)).status).toBe(303);
    const rows = listAudit(t.ctx).filter((a) => a.action.startsWith("tag."));
    expect(rows.map((r) => [r.action, r.target, r.details])).toEqual([
      ["tag.deleted", tag.id, { name: "Beta testers", contacts: 3 }],
      ["tag.renamed", tag.id, { from: "beta", to: "Beta testers" }],
    ]);
    const page = await (await get(t, "/settings/audit", me)).text();
    expect(page).toContain("Renamed a tag");
  });

  it("records save-as-segment from the contacts list and lands on the new segment page", async () => {
    t = makeTestApp();
    me = owner(t);
    await seedPeople(t);
    const res = await post(t, "/contacts/segments", { name: "Pro from list", tab: "users", f: f(PRO) }, me);
    expect(res.status).toBe(303);
    const to = res.headers.get("location")!;
    expect(to).toMatch(/^\/segments\/seg_/);
    const row = listAudit(t.ctx).find((a) => a.action === "segment.created")!;
    expect(`/segments/${row.target}`).toBe(to);
    expect(row.details).toEqual({ name: "Pro from list", from: "contacts" });
    const landing = await get(t, to, me, { cookie: `${me.cookie}; ${res.headers.getSetCookie().map((l) => l.split(";")[0]).join("; ")}` });
    const html = await landing.text();
    expect(html).toContain("Segment “Pro from list” saved with 2 members.");
    expect(html).toContain('id="segment-members">2</strong>');
  });
});
