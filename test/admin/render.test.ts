import { afterEach, describe, expect, it } from "vitest";
import { addOperator, as, get, HX, makeTestApp, owner, post, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

describe("pages and fragments", () => {
  it("a normal request gets the full page: doctype, favicon, assets, nav, hx-headers", async () => {
    t = makeTestApp();
    const me = owner(t);
    const res = await get(t, "/settings/tokens", me);
    const html = await res.text();
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<link rel="icon" href="data:,"/>');
    expect(html).toContain('src="/vendor/htmx.min.js"');
    expect(html).toContain('href="/static/parley.css"');
    expect(html).toContain('aria-label="Main"');
    expect(html).toContain(`hx-headers="{&quot;X-CSRF-Token&quot;:&quot;${me.csrf}&quot;`);
    expect(html).not.toMatch(/https?:\/\/(?!parley\.test)[a-z0-9.-]+\.[a-z]{2,}\/[^"]*\.(js|css)/);
  });

  it("an htmx request gets only the fragment the page renders, plus the out-of-band flash", async () => {
    t = makeTestApp();
    const me = owner(t);
    const full = await (await get(t, "/settings/tokens", me)).text();
    const res = await get(t, "/settings/tokens", me, HX);
    const frag = await res.text();
    expect(frag).toMatch(/^<section id="tokens">/);
    expect(frag).not.toContain("<html");
    expect(frag).toContain('<div id="flash" class="flash-region" aria-live="polite" hx-swap-oob="true">');
    expect(full).toContain(frag.slice(0, frag.indexOf("</section>") + 10));
    expect(res.headers.get("vary")).toContain("HX-Request");
  });

  it("boosted and history-restore requests still get full pages", async () => {
    t = makeTestApp();
    const me = owner(t);
    const variants: Record<string, string>[] = [{ "hx-boosted": "true" }, { "hx-history-restore-request": "true" }];
    for (const extra of variants) {
      expect(await (await get(t, "/settings/tokens", me, { ...HX, ...extra })).text()).toMatch(/^<!DOCTYPE html>/);
    }
  });

  it("sends security headers on admin pages", async () => {
    t = makeTestApp();
    const res = await get(t, "/", owner(t));
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("an expired session during an htmx request redirects the whole page to sign-in", async () => {
    t = makeTestApp();
    owner(t);
    const res = await post(t, "/settings/tokens", { name: "x" }, undefined, { headers: { ...HX, cookie: "parley_session=stale" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("hx-redirect")).toBe("/login");
  });

  it("errors on htmx requests land in #flash; on pages they are a notice inside the shell", async () => {
    t = makeTestApp();
    const agent = as(t, addOperator(t, "agent"));
    const frag = await get(t, "/settings/audit", agent, HX);
    expect(frag.status).toBe(403);
    expect(frag.headers.get("hx-retarget")).toBe("#flash");
    expect(await frag.text()).toContain("Not allowed: Only owners and admins can do this.");
    const page = await (await get(t, "/settings/audit", agent)).text();
    expect(page).toContain('aria-label="Main"');
    expect(page).toContain("Not allowed");
  });

  it("an unexpected error is a 500 page with the request id, logged", async () => {
    t = makeTestApp();
    const me = owner(t);
    t.ctx.db.$client.exec("DROP TABLE audit_log");
    const res = await get(t, "/settings/audit", me, { "x-request-id": "req-boom" });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("req-boom");
    expect(t.log.lines.some((l) => l.level === "error" && l.fields?.requestId === "req-boom")).toBe(true);
  });
});
