import { afterEach, describe, expect, it } from "vitest";
import { listWorkspaceTokens } from "../../src/workspaces/settings.js";
import { get, HX, makeTestApp, owner, post, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

const tokenCount = () => listWorkspaceTokens(t.ctx, t.workspace.id).length;

describe("CSRF protection", () => {
  it("refuses a POST without the session's token with a clear 403 page", async () => {
    t = makeTestApp();
    const me = owner(t);
    const before = tokenCount();
    const res = await post(t, "/settings/tokens", { name: "sneaky" }, me, { csrf: false });
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).toContain("<!DOCTYPE html>");
    expect(body).toContain("Request refused");
    expect(body).toContain("security token");
    expect(tokenCount()).toBe(before);
  });

  it("refuses a token from another session", async () => {
    t = makeTestApp();
    const me = owner(t);
    const other = owner(t);
    const res = await post(t, "/settings/tokens", { name: "x", _csrf: other.csrf }, me);
    expect(res.status).toBe(403);
  });

  it("refuses a foreign Origin or a cross-site fetch even with the right token", async () => {
    t = makeTestApp();
    const me = owner(t);
    const before = tokenCount();
    const foreign = await post(t, "/settings/tokens", { name: "x" }, me, { headers: { origin: "http://evil.test", "sec-fetch-site": "" } });
    expect(foreign.status).toBe(403);
    const crossSite = await post(t, "/settings/tokens", { name: "x" }, me, { headers: { origin: "", "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    const sameSite = await post(t, "/settings/tokens", { name: "x" }, me, { headers: { "sec-fetch-site": "same-site" } });
    expect(sameSite.status).toBe(403);
    expect(await crossSite.text()).toContain("came from another website");
    expect(tokenCount()).toBe(before);
  });

  it("accepts the token from the X-CSRF-Token header (htmx) or the _csrf field (plain forms)", async () => {
    t = makeTestApp();
    const me = owner(t);
    const viaHeader = await post(t, "/settings/tokens", { name: "a" }, me, { csrf: false, headers: { ...HX, "x-csrf-token": me.csrf } });
    expect(viaHeader.status).toBe(200);
    const viaField = await post(t, "/settings/tokens", { name: "b" }, me);
    expect(viaField.status).toBe(200);
    // Non-browser clients send neither Origin nor Sec-Fetch-Site; the token alone then decides.
    const bare = await post(t, "/settings/tokens", { name: "c" }, me, { headers: { origin: "", "sec-fetch-site": "" } });
    expect(bare.status).toBe(200);
  });

  it("checks the origin of signed-out forms too (login CSRF)", async () => {
    t = makeTestApp();
    owner(t);
    const res = await post(t, "/login", { email: "a@example.test", password: "whatever1" }, undefined, { headers: { origin: "http://evil.test" } });
    expect(res.status).toBe(403);
  });

  it("answers htmx refusals in #flash", async () => {
    t = makeTestApp();
    const me = owner(t);
    const res = await post(t, "/settings/tokens", { name: "x" }, me, { csrf: false, headers: HX });
    expect(res.status).toBe(403);
    expect(res.headers.get("hx-retarget")).toBe("#flash");
    expect(await res.text()).toMatch(/^<div id="flash"/);
  });

  it("does not guard GETs", async () => {
    t = makeTestApp();
    const me = owner(t);
    expect((await get(t, "/settings/tokens", me, { "sec-fetch-site": "cross-site" })).status).toBe(200);
  });
});
