import { afterEach, describe, expect, it } from "vitest";
import { getOperator } from "../../src/operators/queries.js";
import { addOperator, as, get, HX, makeTestApp, owner, post, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

describe("roles", () => {
  it("agents cannot manage tokens, keys, teammates or read the audit log", async () => {
    t = makeTestApp();
    const agent = as(t, addOperator(t, "agent"));
    for (const path of ["/settings/tokens", "/settings/keys", "/settings/teammates", "/settings/audit"]) {
      const res = await get(t, path, agent);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain("Only owners and admins can do this.");
    }
    const writes: [string, Record<string, string>][] = [
      ["/settings/tokens", { name: "x" }],
      ["/settings/keys/enforce", { enforced: "on" }],
      ["/settings/teammates/invites", { email: "x@example.test", role: "agent" }],
    ];
    for (const [path, fields] of writes) expect((await post(t, path, fields, agent)).status, path).toBe(403);
    expect(t.ctx.db.$client.prepare("select count(*) n from invites").get()).toEqual({ n: 0 });
  });

  it("agents can open the install page and see only it in settings", async () => {
    t = makeTestApp();
    const agent = as(t, addOperator(t, "agent"));
    expect((await get(t, "/settings", agent)).headers.get("location")).toBe("/settings/install");
    const res = await get(t, "/settings/install", agent);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain('href="/settings/tokens"');
    expect(body).toContain("ask an owner or admin");
  });

  it("admins manage settings but cannot appoint owners or touch an owner", async () => {
    t = makeTestApp();
    const boss = addOperator(t, "owner");
    const admin = as(t, addOperator(t, "admin"));
    const agent = addOperator(t, "agent");
    expect((await get(t, "/settings/tokens", admin)).status).toBe(200);
    const promote = await post(t, `/settings/teammates/${agent.id}/role`, { role: "owner" }, admin, { headers: HX });
    expect(promote.status).toBe(403);
    expect(await promote.text()).toContain("Only owners can appoint or change owners.");
    expect((await post(t, `/settings/teammates/${boss.id}/role`, { role: "agent" }, admin)).status).toBe(403);
    expect(getOperator(t.ctx, agent.id).role).toBe("agent");
    expect(getOperator(t.ctx, boss.id).role).toBe("owner");
    expect((await post(t, `/settings/teammates/${agent.id}/role`, { role: "admin" }, admin)).status).toBe(200);
    expect(getOperator(t.ctx, agent.id).role).toBe("admin");
  });

  it("owners change roles, but never their own", async () => {
    t = makeTestApp();
    const me = owner(t);
    const agent = addOperator(t, "agent");
    const res = await post(t, `/settings/teammates/${agent.id}/role`, { role: "owner" }, me, { headers: HX });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("is now an owner");
    expect(getOperator(t.ctx, agent.id).role).toBe("owner");
    expect((await post(t, `/settings/teammates/${me.operator.id}/role`, { role: "agent" }, me)).status).toBe(403);
    expect(getOperator(t.ctx, me.operator.id).role).toBe("owner");
  });

  it("a demoted operator loses access on their next request", async () => {
    t = makeTestApp();
    const me = owner(t);
    const admin = as(t, addOperator(t, "admin"));
    expect((await get(t, "/settings/tokens", admin)).status).toBe(200);
    await post(t, `/settings/teammates/${admin.operator.id}/role`, { role: "agent" }, me);
    expect((await get(t, "/settings/tokens", admin)).status).toBe(403);
  });
});
