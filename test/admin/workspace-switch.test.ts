import { afterEach, describe, expect, it } from "vitest";
import { getWorkspace } from "../../src/workspaces/index.js";
import { cookieValue, get, makeTestApp, owner, post, type Browser, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

async function switchTo(me: Browser, wsId: string, next = "/settings/install") {
  const res = await post(t, "/workspace", { ws: wsId, next }, me);
  return { res, cookie: `${me.cookie}; parley_ws=${cookieValue(res, "parley_ws")}` };
}

describe("workspace switcher", () => {
  it("defaults to production and switches to test, returning to the same page", async () => {
    t = makeTestApp();
    const me = owner(t);
    const home = await (await get(t, "/", me)).text();
    expect(home).toContain(t.workspace.idCode);
    expect(home).not.toContain("test workspace");

    const { res, cookie } = await switchTo(me, t.testWorkspace.id);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/settings/install");
    const page = await (await get(t, "/settings/install", { ...me, cookie })).text();
    expect(page).toContain(t.testWorkspace.idCode);
    expect(page).toContain("test workspace");
    expect(page).not.toContain(t.workspace.idCode);
  });

  it("applies a form to the workspace it was rendered for, even after another tab switched", async () => {
    t = makeTestApp();
    const me = owner(t);
    const { cookie } = await switchTo(me, t.testWorkspace.id);
    const res = await post(t, "/settings/keys/enforce", { enforced: "on", _ws: t.workspace.id }, { ...me, cookie });
    expect(res.status).toBe(200);
    expect(getWorkspace(t.ctx, t.workspace.id).identityEnforced).toBe(true);
    expect(getWorkspace(t.ctx, t.testWorkspace.id).identityEnforced).toBe(false);
  });

  it("refuses an unknown workspace rather than guessing", async () => {
    t = makeTestApp();
    const me = owner(t);
    expect((await post(t, "/settings/keys/enforce", { enforced: "on", _ws: "ws_nope" }, me)).status).toBe(404);
    expect((await post(t, "/workspace", { ws: "ws_nope" }, me)).status).toBe(404);
    expect(getWorkspace(t.ctx, t.workspace.id).identityEnforced).toBe(false);
  });

  it("never redirects off-site after switching", async () => {
    t = makeTestApp();
    const me = owner(t);
    const { res } = await switchTo(me, t.testWorkspace.id, "//evil.test");
    expect(res.headers.get("location")).toBe("/");
  });
});
