import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findContactByAlias, findContactByExternalId } from "../../src/contacts/index.js";
import { listConversations } from "../../src/conversations/index.js";
import { APPEARANCE_KEY } from "../../src/messenger/index.js";
import { writeSetting } from "../../src/workspaces/settings.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { boot, call, configureIdentity, signJwt, userHash, visitor } from "./helpers.js";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

describe("GET /widget/:appId", () => {
  it("serves the script for a known app with JS type and cache headers, 304 on its ETag, 404 for an unknown app", async () => {
    const res = await t.app.request(`/widget/${t.workspace.idCode}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const body = await res.text();
    expect(body).toContain("window.Intercom = Intercom");
    expect(body).not.toMatch(/\beval\(|new Function\(|\.innerHTML\s*=|\bon[a-z]+=/);
    const again = await t.app.request(`/widget/${t.workspace.idCode}`, { headers: { "if-none-match": res.headers.get("etag")! } });
    expect(again.status).toBe(304);
    expect((await t.app.request("/widget/nope1234")).status).toBe(404);
  });
});

describe("POST /messenger/boot", () => {
  it("boots a visitor as a lead behind the visitor id and returns a session, settings and a stream position", async () => {
    const v = visitor();
    const { status, json } = await boot(t, { anonymous_id: v, page: { url: "https://shop.example/pricing", title: "Pricing" } });
    expect(status).toBe(200);
    expect(json.session).toMatch(/^ws1\./);
    expect(json.contact).toMatchObject({ role: "lead", user_id: null, verified: false });
    expect(json).toMatchObject({ unread_count: 0, conversations: [], settings: { alignment: "right", teamName: "Acme" } });
    expect(json.event_id).toMatch(/^\d+-\d+$/);
    expect(findContactByAlias(t.ctx, t.workspace.id, v)?.id).toBe(json.contact.id);
  });

  it("a later boot with user_id makes the visitor's lead that user; an existing user absorbs the lead and its conversations", async () => {
    const existing = await boot(t, { anonymous_id: visitor(), user_id: "u-1", email: "ann@example.com", name: "Ann" });
    const v = visitor();
    const lead = await boot(t, { anonymous_id: v });
    const started = await call(t, lead.json.session, "POST", "/messenger/conversations", { body: "Hello from a visitor" });
    expect(started.status).toBe(201);
    const user = await boot(t, { anonymous_id: v, user_id: "u-1", plan: "pro", created_at: 1234567890 });
    expect(user.json.contact).toMatchObject({ id: existing.json.contact.id, role: "user", user_id: "u-1" });
    expect(user.json.conversations.map((c: { id: string }) => c.id)).toEqual([started.json.conversation.id]);
    const stored = findContactByExternalId(t.ctx, t.workspace.id, "u-1")!;
    expect(stored).toMatchObject({ email: "ann@example.com", name: "Ann", signedUpAt: 1234567890_000 });
    expect(stored.customAttributes).toMatchObject({ plan: "pro" });
    expect(listConversations(t.ctx, t.workspace.id, { contactId: existing.json.contact.id, perPage: 10 }).total).toBe(1);
    // The visitor's old token follows the merge to the user.
    expect((await call(t, lead.json.session, "GET", `/messenger/conversations/${started.json.conversation.id}`)).status).toBe(200);
  });

  it("returns the workspace's appearance, ignoring stored values that are not safe CSS", async () => {
    writeSetting(t.ctx, t.workspace.id, APPEARANCE_KEY, { actionColor: "#ff0000", backgroundColor: "red;}body{display:none", alignment: "left", verticalPadding: 40 });
    const { json } = await boot(t, { anonymous_id: visitor() });
    expect(json.settings).toEqual({ actionColor: "#ff0000", backgroundColor: "#1e3a8a", alignment: "left", horizontalPadding: 20, verticalPadding: 40, teamName: "Acme" });
  });

  it("refuses an unknown app_id (404) and names invalid fields (400)", async () => {
    expect((await boot(t, { app_id: "nope1234", anonymous_id: visitor() })).status).toBe(404);
    const cases: [Record<string, unknown>, string][] = [
      [{}, "anonymous_id"],
      [{ anonymous_id: "short" }, "anonymous_id"],
      [{ anonymous_id: visitor(), email: "not-an-email" }, "email"],
      [{ anonymous_id: visitor(), user_id: "x".repeat(256) }, "user_id"],
      [{ anonymous_id: visitor(), user_hash: "zz-not-hex" }, "user_hash"],
      [{ anonymous_id: visitor(), company: { name: 5 } }, "company.name"],
      [{ anonymous_id: visitor(), page: { url: "x".repeat(3000) } }, "page.url"],
    ];
    for (const [body, field] of cases) {
      const res = await boot(t, body);
      expect(res.status, field).toBe(400);
      expect(res.json.field, JSON.stringify(body).slice(0, 80)).toBe(field);
    }
  });
});

describe("identity verification at boot", () => {
  it("enforcement off: a user boots with or without a hash; a valid hash is reported verified", async () => {
    configureIdentity(t, false);
    expect((await boot(t, { anonymous_id: visitor(), user_id: "9876" })).json.contact.verified).toBe(false);
    expect((await boot(t, { anonymous_id: visitor(), user_id: "9876", user_hash: "00ff" })).status).toBe(200);
    expect((await boot(t, { anonymous_id: visitor(), user_id: "9876", user_hash: userHash("9876") })).json.contact.verified).toBe(true);
  });

  it("enforcement on: missing or wrong hashes are 401 naming user_hash; the right one boots; visitors still boot", async () => {
    configureIdentity(t, true);
    const missing = await boot(t, { anonymous_id: visitor(), user_id: "9876" });
    expect(missing).toMatchObject({ status: 401, json: { field: "user_hash" } });
    expect(missing.json.message).toMatch(/user_hash or intercom_user_jwt is required/);
    const wrong = await boot(t, { anonymous_id: visitor(), user_id: "9876", user_hash: userHash("9877") });
    expect(wrong).toMatchObject({ status: 401, json: { field: "user_hash" } });
    expect((await boot(t, { anonymous_id: visitor(), email: "john.doe@example.com" })).status).toBe(401);
    expect(findContactByExternalId(t.ctx, t.workspace.id, "9876")).toBeUndefined();
    expect((await boot(t, { anonymous_id: visitor(), user_id: "9876", user_hash: userHash("9876") })).status).toBe(200);
    expect((await boot(t, { anonymous_id: visitor(), email: "john.doe@example.com", user_hash: userHash("john.doe@example.com") })).status).toBe(200);
    expect((await boot(t, { anonymous_id: visitor() })).status).toBe(200);
  });

  it("enforcement on: a bare visitor boot cannot reuse the visitor id of a verified user (no shutdown on logout)", async () => {
    configureIdentity(t, true);
    const v = visitor();
    expect((await boot(t, { anonymous_id: v, user_id: "9876", user_hash: userHash("9876") })).status).toBe(200);
    const reuse = await boot(t, { anonymous_id: v });
    expect(reuse).toMatchObject({ status: 401, json: { field: "anonymous_id" } });
    configureIdentity(t, false);
    expect((await boot(t, { anonymous_id: v })).json.contact.user_id).toBe("9876");
  });

  it("JWT: a valid token boots as its user_id (signed claims win); expired or wrongly signed ones are 401", async () => {
    configureIdentity(t, true);
    const exp = Math.floor(t.clock.now() / 1000) + 3600;
    const ok = await boot(t, { anonymous_id: visitor(), user_id: "someone-else", intercom_user_jwt: signJwt({ user_id: "jwt-1", email: "jwt@example.com", exp }) });
    expect(ok.status).toBe(200);
    expect(ok.json.contact.user_id).toBe("jwt-1");
    expect(findContactByExternalId(t.ctx, t.workspace.id, "jwt-1")?.email).toBe("jwt@example.com");
    expect(findContactByExternalId(t.ctx, t.workspace.id, "someone-else")).toBeUndefined();
    const expired = await boot(t, { anonymous_id: visitor(), intercom_user_jwt: signJwt({ user_id: "jwt-1", exp: exp - 7200 }) });
    expect(expired).toMatchObject({ status: 401, json: { field: "intercom_user_jwt" } });
    const forged = await boot(t, { anonymous_id: visitor(), intercom_user_jwt: signJwt({ user_id: "jwt-1" }, "attacker-secret") });
    expect(forged).toMatchObject({ status: 401, json: { field: "intercom_user_jwt" } });
  });
});
