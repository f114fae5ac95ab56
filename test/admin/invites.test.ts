import { afterEach, describe, expect, it } from "vitest";
import { DAY } from "../../src/lib/clock.js";
import { listAudit } from "../../src/operators/audit.js";
import { findOperatorByEmail } from "../../src/operators/login.js";
import { addOperator, as, cookieValue, get, HX, makeTestApp, owner, post, type Browser, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

async function invite(me: Browser, email: string, role = "agent") {
  const res = await post(t, "/settings/teammates/invites", { email, role }, me, { headers: HX });
  const html = await res.text();
  const url = /<code id="invite-link"[^>]*>([^<]+)<\/code>/.exec(html)?.[1];
  return { res, html, path: url ? new URL(url).pathname : undefined };
}

describe("invites", { timeout: 30_000 }, () => {
  it("creates a link shown once; the teammate sets name and password and is signed in with the invited role", async () => {
    t = makeTestApp();
    const me = owner(t);
    const { res, path, html } = await invite(me, "ines@example.test", "admin");
    expect(res.status).toBe(200);
    expect(path).toMatch(/^\/invite\/inv_/);
    expect(html).toContain("Pending invites");
    expect(await (await get(t, "/settings/teammates", me)).text()).not.toContain(path!);

    const form = await get(t, path!);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('value="ines@example.test"');

    const accepted = await post(t, path!, { name: "Ines", password: "a long password" });
    expect(accepted.status).toBe(303);
    const cookie = `parley_session=${cookieValue(accepted, "parley_session")}`;
    expect((await get(t, "/settings/tokens", undefined, { cookie })).status).toBe(200);
    expect(findOperatorByEmail(t.ctx, "ines@example.test")?.role).toBe("admin");
    expect(listAudit(t.ctx).map((e) => e.action)).toEqual(["invite.accepted", "invite.created"]);

    expect((await get(t, path!)).status).toBe(404);
    expect((await post(t, path!, { name: "Eve", password: "another password" })).status).toBe(404);
  });

  it("links expire after 7 days", async () => {
    t = makeTestApp();
    const { path } = await invite(owner(t), "late@example.test");
    t.clock.advance(7 * DAY + 1);
    const res = await get(t, path!);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("invalid, already used or expired");
  });

  it("validates the accept form without using up the link", async () => {
    t = makeTestApp();
    const { path } = await invite(owner(t), "val@example.test");
    const res = await post(t, path!, { name: "", password: "short" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Enter your name.");
    expect(html).toContain("Use at least 8 characters.");
    expect((await get(t, path!)).status).toBe(200);
  });

  it("refuses existing teammates, bad emails, and owner invites from admins", async () => {
    t = makeTestApp();
    const me = owner(t);
    const taken = await invite(me, me.operator.email);
    expect(taken.res.status).toBe(422);
    expect(taken.html).toContain("is already a teammate");
    const bad = await invite(me, "not-an-email");
    expect(bad.res.status).toBe(422);
    expect(bad.html).toContain("Enter a valid email address.");
    const admin = as(t, addOperator(t, "admin"));
    const promote = await invite(admin, "boss@example.test", "owner");
    expect(promote.res.status).toBe(403);
    expect(promote.html).toContain("Only owners can invite owners.");
  });

  it("a withdrawn invite's link stops working; a newer invite replaces the older link", async () => {
    t = makeTestApp();
    const me = owner(t);
    const first = await invite(me, "twice@example.test");
    const second = await invite(me, "twice@example.test");
    expect((await get(t, first.path!)).status).toBe(404);
    expect((await get(t, second.path!)).status).toBe(200);
    const id = /invites\/(inv_[a-z0-9]+)\/revoke/.exec(second.html)![1]!;
    expect((await post(t, `/settings/teammates/invites/${id}/revoke`, {}, me)).status).toBe(200);
    expect((await get(t, second.path!)).status).toBe(404);
  });
});
