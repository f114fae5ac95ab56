import { afterEach, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/lib/clock.js";
import { recordAudit } from "../../src/operators/audit.js";
import { addOperator, get, makeTestApp, owner, post, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

describe("audit log page", { timeout: 30_000 }, () => {
  it("lists admin actions newest first with who, what and where", async () => {
    t = makeTestApp();
    const me = owner(t, { name: "Ada" });
    await post(t, "/settings/tokens", { name: "deploy" }, me);
    t.clock.advance(MINUTE);
    await post(t, "/settings/keys/enforce", { enforced: "on", _ws: t.testWorkspace.id }, me);
    const html = await (await get(t, "/settings/audit", me)).text();
    const enforced = html.indexOf("Changed identity enforcement");
    const created = html.indexOf("Created an API token");
    expect(enforced).toBeGreaterThan(0);
    expect(created).toBeGreaterThan(enforced);
    expect(html).toContain("name: deploy");
    expect(html).toContain("Acme [test]");
    expect(html).toContain("Ada");
  });

  it("pages back through older entries", async () => {
    t = makeTestApp();
    const me = owner(t);
    const other = addOperator(t, "agent");
    for (let i = 0; i < 55; i++) {
      recordAudit(t.ctx, { operatorId: other.id, action: "operator.signed_in", details: { n: i } });
      t.clock.advance(1);
    }
    const first = await (await get(t, "/settings/audit", me)).text();
    expect(first).toContain("n: 54");
    expect(first).not.toContain("n: 4<");
    const older = /href="(\/settings\/audit\?before=[^"]+)"/.exec(first)![1]!;
    const second = await (await get(t, older.replace(/&amp;/g, "&"), me)).text();
    expect(second).toContain("n: 4<");
    expect(second).not.toContain("n: 54");
    expect(second).not.toContain("Older entries");
  });

  it("records sign-in", async () => {
    t = makeTestApp();
    addOperator(t, "owner", { email: "sig@example.test", password: "correct horse battery" });
    const res = await post(t, "/login", { email: "sig@example.test", password: "correct horse battery" });
    expect(res.status).toBe(303);
    const rows = t.ctx.db.$client.prepare("select action from audit_log").all();
    expect(rows).toEqual([{ action: "operator.signed_in" }]);
  });
});
