import { afterEach, describe, expect, it } from "vitest";
import { listAudit } from "../../src/operators/audit.js";
import { getWorkspace } from "../../src/workspaces/index.js";
import { get, HX, makeTestApp, owner, post, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

describe("keys & identity", () => {
  it("shows the write key and app id, and hides the identity secret until asked", async () => {
    t = makeTestApp();
    const me = owner(t);
    const html = await (await get(t, "/settings/keys", me)).text();
    expect(html).toContain(t.workspace.writeKey);
    expect(html).toContain(t.workspace.idCode);
    expect(html).not.toContain(t.workspace.identitySecret);
    expect(listAudit(t.ctx)).toHaveLength(0);

    const revealed = await get(t, "/settings/keys/secret", me, HX);
    const fragment = await revealed.text();
    expect(fragment).toMatch(/^<div id="identity-secret"/);
    expect(fragment).toContain(t.workspace.identitySecret);
    expect(listAudit(t.ctx).map((e) => e.action)).toEqual(["identity.secret_revealed"]);

    const noScript = await get(t, "/settings/keys/secret", me);
    expect(noScript.headers.get("location")).toBe("/settings/keys?reveal=1");
    expect(await (await get(t, "/settings/keys?reveal=1", me)).text()).toContain(t.workspace.identitySecret);
  });

  it("the enforce switch persists both ways and is audited once per change", async () => {
    t = makeTestApp();
    const me = owner(t);
    const on = await post(t, "/settings/keys/enforce", { enforced: "on" }, me, { headers: HX });
    expect(on.status).toBe(200);
    const html = await on.text();
    expect(html).toMatch(/^<form id="identity-enforce"/);
    expect(html).toMatch(/name="enforced" value="on" checked=""/);
    expect(getWorkspace(t.ctx, t.workspace.id).identityEnforced).toBe(true);
    expect(getWorkspace(t.ctx, t.testWorkspace.id).identityEnforced).toBe(false);

    await post(t, "/settings/keys/enforce", { enforced: "on" }, me);
    const off = await post(t, "/settings/keys/enforce", {}, me);
    expect(off.status).toBe(200);
    expect(getWorkspace(t.ctx, t.workspace.id).identityEnforced).toBe(false);
    expect(listAudit(t.ctx).map((e) => [e.action, e.details])).toEqual([
      ["identity.enforcement_changed", { enforced: false }],
      ["identity.enforcement_changed", { enforced: true }],
    ]);
  });
});
