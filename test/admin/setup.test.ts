import { afterEach, describe, expect, it } from "vitest";
import { listOperators } from "../../src/operators/queries.js";
import { hasSetupToken, issueSetupToken } from "../../src/operators/setup-token.js";
import { bootstrap } from "../../src/workspaces/bootstrap.js";
import { GLOBAL_SCOPE, readSetting } from "../../src/workspaces/settings.js";
import { settingsSetupTokenStore } from "../../src/workspaces/setup-token-store.js";
import { cookieValue, get, makeTestApp, post, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

const owner = { name: "Olga Owner", email: "olga@example.test", password: "correct horse battery" };

describe("/setup", { timeout: 30_000 }, () => {
  it("is where a fresh instance sends everyone", async () => {
    t = makeTestApp();
    issueSetupToken(t.ctx);
    expect((await get(t, "/")).headers.get("location")).toBe("/setup");
    expect((await get(t, "/login")).headers.get("location")).toBe("/setup");
    const page = await get(t, "/setup?token=st_prefilled");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="st_prefilled"');
  });

  it("refuses without a token and with a wrong one, creating nobody", async () => {
    t = makeTestApp();
    const token = issueSetupToken(t.ctx);
    const missing = await post(t, "/setup", owner);
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain("Enter the setup token.");
    const wrong = await post(t, "/setup", { ...owner, token: `${token}x` });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain("That setup token is not valid");
    expect(listOperators(t.ctx)).toHaveLength(0);
    expect(hasSetupToken(t.ctx)).toBe(true);
  });

  it("creates the owner with the right token, signs them in, then closes for good", async () => {
    t = makeTestApp();
    const token = issueSetupToken(t.ctx);
    const res = await post(t, "/setup", { ...owner, token });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    const ops = listOperators(t.ctx);
    expect(ops.map((o) => [o.email, o.role])).toEqual([[owner.email, "owner"]]);
    expect(ops[0]!.passwordHash).toMatch(/^scrypt\$/);
    expect(readSetting(t.ctx, GLOBAL_SCOPE, "setup_token_hash")).toBeUndefined();

    const cookie = `parley_session=${cookieValue(res, "parley_session")}; parley_flash=${cookieValue(res, "parley_flash")}`;
    const home = await get(t, "/", undefined, { cookie });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Parley is ready");

    expect((await get(t, "/setup")).headers.get("location")).toBe("/login");
    const again = await post(t, "/setup", { ...owner, email: "mallory@example.test", token });
    expect(again.status).toBe(404);
    expect(listOperators(t.ctx)).toHaveLength(1);
  });

  it("keeps the token when the form is invalid, so the owner can retry", async () => {
    t = makeTestApp();
    const token = issueSetupToken(t.ctx);
    const short = await post(t, "/setup", { ...owner, password: "short", token });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain("Use at least 8 characters.");
    expect((await post(t, "/setup", { ...owner, token })).status).toBe(303);
  });

  it("explains what to do when no setup token is waiting", async () => {
    t = makeTestApp();
    const page = await get(t, "/setup");
    expect(await page.text()).toContain("No setup token is waiting");
    expect((await post(t, "/setup", { ...owner, token: "st_guess" })).status).toBe(403);
  });

  it("accepts the token bootstrap prints on first boot", async () => {
    t = makeTestApp();
    const { generated } = bootstrap(t.ctx, { setupTokens: settingsSetupTokenStore(t.ctx) });
    expect(generated.setupToken).toMatch(/^st_/);
    expect((await post(t, "/setup", { ...owner, token: generated.setupToken! })).status).toBe(303);
    expect(bootstrap(t.ctx, { setupTokens: settingsSetupTokenStore(t.ctx) }).generated.setupToken).toBeUndefined();
  });

  it("a new token replaces the old one", async () => {
    t = makeTestApp();
    const first = issueSetupToken(t.ctx);
    issueSetupToken(t.ctx);
    expect((await post(t, "/setup", { ...owner, token: first })).status).toBe(403);
  });
});
