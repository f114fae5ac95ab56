import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { aliasContact, DEFAULT_APPLY, findContactByAlias, identifyContact, touchSession } from "../../src/contacts/index.js";
import { withTx } from "../../src/context.js";
import { recordEvent } from "../../src/events/index.js";
import { eventSummaries, mergeLog } from "../../src/db/schema/index.js";
import { MINUTE } from "../../src/lib/clock.js";

let t: TestApp;
afterEach(() => t?.close());

const identify = (claims: Parameters<typeof identifyContact>[2], profile: Parameters<typeof identifyContact>[3] = {}) =>
  withTx(t.ctx, () => identifyContact(t.ctx, t.workspace.id, claims, profile, DEFAULT_APPLY));

describe("identify", () => {
  it("creates a lead for an anonymous id and finds it again", () => {
    t = makeTestApp();
    const a = identify({ anonymousId: "anon-1" }, { name: "Visitor" });
    expect(a.created).toBe(true);
    expect(a.contact.role).toBe("lead");
    const b = identify({ anonymousId: "anon-1" });
    expect(b.created).toBe(false);
    expect(b.contact.id).toBe(a.contact.id);
  });

  it("turns the lead into the user when a user id arrives on the same device", () => {
    t = makeTestApp();
    const lead = identify({ anonymousId: "anon-2" }).contact;
    const user = identify({ anonymousId: "anon-2", userId: "u-2" }, { email: "ada@example.com" });
    expect(user.contact.id).toBe(lead.id);
    expect(user.contact.role).toBe("user");
    expect(user.contact.externalId).toBe("u-2");
    expect(user.contact.emailDomain).toBe("example.com");
  });

  it("merges a lead into an existing user, keeping its events and sessions, and logs the merge", () => {
    t = makeTestApp();
    const user = identify({ userId: "u-3" }).contact;
    const lead = identify({ anonymousId: "anon-3" }).contact;
    withTx(t.ctx, () => {
      recordEvent(t.ctx, t.workspace.id, lead.id, { name: "viewed-pricing", createdAt: t.clock.now() });
      recordEvent(t.ctx, t.workspace.id, user.id, { name: "viewed-pricing", createdAt: t.clock.now() - 1000 });
      touchSession(t.ctx, lead.id, t.workspace.id, { at: t.clock.now() });
    });
    const res = identify({ anonymousId: "anon-3", userId: "u-3" });
    expect(res.mergedFrom).toBe(lead.id);
    expect(res.contact.id).toBe(user.id);
    expect(res.contact.sessionCount).toBe(1);
    const summary = t.ctx.db.select().from(eventSummaries).where(eq(eventSummaries.contactId, user.id)).all();
    expect(summary).toMatchObject([{ name: "viewed-pricing", count: 2 }]);
    expect(t.ctx.db.select().from(mergeLog).all()).toMatchObject([{ fromContactId: lead.id, intoContactId: user.id }]);
    expect(findContactByAlias(t.ctx, t.workspace.id, lead.id)?.id).toBe(user.id);
  });

  it("never merges two different user ids", () => {
    t = makeTestApp();
    const a = identify({ userId: "u-a", anonymousId: "shared-device" }).contact;
    const b = identify({ userId: "u-b", anonymousId: "shared-device" }).contact;
    expect(b.id).not.toBe(a.id);
    expect(findContactByAlias(t.ctx, t.workspace.id, "shared-device")?.id).toBe(b.id);
    expect(withTx(t.ctx, () => aliasContact(t.ctx, t.workspace.id, "u-a", "u-b")).id).toBe(b.id);
    expect(t.ctx.db.select().from(mergeLog).all()).toHaveLength(0);
  });

  it("types custom attributes and rejects a wrong type naming the field", () => {
    t = makeTestApp();
    identify({ userId: "u-5" }, { customAttributes: { projects: 3, trial_ends_at: "2026-02-01T00:00:00Z" } });
    expect(() => identify({ userId: "u-6" }, { customAttributes: { projects: "many" } })).toThrow(/custom_attributes\.projects must be an integer/);
    const c = identify({ userId: "u-5" }, { customAttributes: { projects: 4.5 } }).contact;
    expect(c.customAttributes).toEqual({ projects: 4.5, trial_ends_at: Date.parse("2026-02-01T00:00:00Z") });
  });

  it("fills device and location from the user agent and IP", () => {
    t = makeTestApp();
    const c = identify({ userId: "u-7" }, {
      ip: "81.2.69.142",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    }).contact;
    expect(c).toMatchObject({ browser: "Chrome", os: "Linux", countryCode: "GB", country: "United Kingdom", timezone: "Europe/London", continentCode: "EU" });
  });

  it("opens a new session only after 30 idle minutes", () => {
    t = makeTestApp();
    const c = identify({ userId: "u-8" }).contact;
    const at = t.clock.now();
    const s1 = withTx(t.ctx, () => touchSession(t.ctx, c.id, t.workspace.id, { at }));
    const s2 = withTx(t.ctx, () => touchSession(t.ctx, c.id, t.workspace.id, { at: at + 29 * MINUTE }));
    const s3 = withTx(t.ctx, () => touchSession(t.ctx, c.id, t.workspace.id, { at: at + 60 * MINUTE }));
    expect(s2).toBe(s1);
    expect(s3).not.toBe(s1);
    expect(identify({ userId: "u-8" }).contact.sessionCount).toBe(2);
  });
});
