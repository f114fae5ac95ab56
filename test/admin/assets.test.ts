import { afterEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

describe("assets", () => {
  it("serves htmx and the SSE extension from node_modules", async () => {
    t = makeTestApp();
    const htmx = await t.app.request("/vendor/htmx.min.js");
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get("content-type")).toContain("text/javascript");
    expect(await htmx.text()).toContain("2.0.11");
    expect((await t.app.request("/vendor/htmx-ext-sse.min.js")).status).toBe(200);
    expect((await t.app.request("/vendor/../package.json")).status).toBe(404);
    expect((await t.app.request("/vendor/left-pad.js")).status).toBe(404);
  });

  it("serves Parley's own stylesheet and script from /static, nothing outside it", async () => {
    t = makeTestApp();
    const css = await t.app.request("/static/parley.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect((await t.app.request("/static/parley.js")).status).toBe(200);
    expect((await t.app.request("/static/../package.json")).status).toBe(404);
    expect((await t.app.request("/static/%2e%2e/package.json")).status).toBe(404);
  });

  it("leaves other surfaces alone: /api keeps its own JSON errors", async () => {
    t = makeTestApp();
    const res = await t.app.request("/api/me");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/json");
  });
});
