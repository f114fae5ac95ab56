import { afterEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app.js";

let t: TestApp;
afterEach(() => t?.close());

describe("health", () => {
  it("answers /healthz after migrations ran", async () => {
    t = makeTestApp();
    const res = await t.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get("x-request-id")).toMatch(/[0-9a-f-]{36}/);
  });
});
