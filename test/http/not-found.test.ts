import { afterEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app.js";

let t: TestApp;
afterEach(() => t?.close());

describe("unknown paths", () => {
  it("answer browsers with an HTML page and programs with JSON", async () => {
    t = makeTestApp();
    const html = await t.app.request("/no-such-page", { headers: { accept: "text/html,application/xhtml+xml" } });
    expect(html.status).toBe(404);
    expect(html.headers.get("content-type")).toMatch(/text\/html/);
    expect(await html.text()).toContain("Page not found");
    const json = await t.app.request("/no-such-page");
    expect(json.status).toBe(404);
    expect(await json.json()).toMatchObject({ error: "not_found" });
  });

  it("records when an API token was last used", async () => {
    t = makeTestApp();
    const before = t.ctx.db.$client.prepare("select last_used_at from api_tokens").get() as { last_used_at: number | null };
    expect(before.last_used_at).toBeNull();
    expect((await t.api("GET", "/api/me")).status).toBe(200);
    const after = t.ctx.db.$client.prepare("select last_used_at from api_tokens").get() as { last_used_at: number | null };
    expect(after.last_used_at).toBe(t.clock.now());
  });
});
