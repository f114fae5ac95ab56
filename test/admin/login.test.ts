import { afterEach, describe, expect, it } from "vitest";
import { MINUTE, DAY } from "../../src/lib/clock.js";
import { addOperator, cookieValue, get, makeTestApp, post, setCookieLine, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

const PASSWORD = "correct horse battery";

function withOwner(config = {}) {
  t = makeTestApp({ config });
  return addOperator(t, "owner", { email: "ann@example.test", password: PASSWORD });
}

describe("/login", { timeout: 30_000 }, () => {
  it("signs in with the right password and sets a hardened session cookie", async () => {
    withOwner();
    const res = await post(t, "/login", { email: "ANN@example.test", password: PASSWORD, next: "/settings/install" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/settings/install");
    const line = setCookieLine(res, "parley_session")!;
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    expect(line).toMatch(/Path=\//);
    expect(line).not.toMatch(/Secure/i);
    const home = await get(t, "/", undefined, { cookie: `parley_session=${cookieValue(res, "parley_session")}` });
    expect(home.status).toBe(200);
  });

  it("marks the cookie Secure (and __Host-) when PUBLIC_URL is https", async () => {
    withOwner({ PUBLIC_URL: "https://chat.example.test" });
    const res = await post(t, "/login", { email: "ann@example.test", password: PASSWORD });
    const line = setCookieLine(res, "__Host-parley_session")!;
    expect(line).toMatch(/; Secure/i);
    expect(line).toMatch(/HttpOnly/i);
  });

  it("refuses a wrong password with one message for every failure", async () => {
    withOwner();
    const wrong = await post(t, "/login", { email: "ann@example.test", password: "nope nope" });
    const unknown = await post(t, "/login", { email: "ghost@example.test", password: "nope nope" });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(setCookieLine(res, "parley_session")).toBeUndefined();
      expect(await res.text()).toContain("That email and password do not match.");
    }
  });

  it("limits failures per IP and email: the 6th attempt in 15 minutes gets 429, even with the right password", async () => {
    withOwner();
    for (let i = 0; i < 5; i++) expect((await post(t, "/login", { email: "ann@example.test", password: `bad-${i}-pass` })).status).toBe(401);
    const limited = await post(t, "/login", { email: "ann@example.test", password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toContain("Too many failed sign-in attempts. Wait 15 minutes");
    // Another account from the same address is not affected.
    addOperator(t, "agent", { email: "bob@example.test", password: PASSWORD });
    expect((await post(t, "/login", { email: "bob@example.test", password: PASSWORD })).status).toBe(303);
    t.clock.advance(15 * MINUTE + 1);
    expect((await post(t, "/login", { email: "ann@example.test", password: PASSWORD })).status).toBe(303);
  });

  it("ignores a `next` that would leave Parley", async () => {
    withOwner();
    for (const next of ["//evil.test/x", "https://evil.test", "/\\evil.test", "/\t/evil.test"]) {
      const res = await post(t, "/login", { email: "ann@example.test", password: PASSWORD, next });
      expect(res.headers.get("location")).toBe("/");
    }
  });

  it("sends signed-out visitors to sign in, remembering the page", async () => {
    withOwner();
    const res = await get(t, "/settings/tokens?x=1");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent("/settings/tokens?x=1")}`);
  });
});

describe("sessions", { timeout: 30_000 }, () => {
  async function signIn() {
    const res = await post(t, "/login", { email: "ann@example.test", password: PASSWORD });
    return `parley_session=${cookieValue(res, "parley_session")}`;
  }

  it("slide while used and end after 7 idle days", async () => {
    withOwner();
    const cookie = await signIn();
    t.clock.advance(6 * DAY);
    expect((await get(t, "/", undefined, { cookie })).status).toBe(200);
    t.clock.advance(6 * DAY);
    expect((await get(t, "/", undefined, { cookie })).status).toBe(200);
    t.clock.advance(7 * DAY + MINUTE);
    expect((await get(t, "/", undefined, { cookie })).headers.get("location")).toMatch(/^\/login/);
  });

  it("end on sign-out: the old cookie no longer works", async () => {
    withOwner();
    const cookie = await signIn();
    const page = await (await get(t, "/", undefined, { cookie })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const out = await post(t, "/logout", { _csrf: csrf }, undefined, { headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/login");
    expect(setCookieLine(out, "parley_session")).toMatch(/Max-Age=0/);
    expect((await get(t, "/", undefined, { cookie })).status).toBe(303);
  });
});
