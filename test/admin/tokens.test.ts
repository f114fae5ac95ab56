import { afterEach, describe, expect, it } from "vitest";
import { listAudit } from "../../src/operators/audit.js";
import { findWorkspaceByToken } from "../../src/workspaces/index.js";
import { createWorkspaceToken } from "../../src/workspaces/settings.js";
import { get, HX, makeTestApp, owner, post, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

const shownToken = (html: string) => /<code id="new-token"[^>]*>([^<]+)<\/code>/.exec(html)?.[1];

describe("API tokens", () => {
  it("shows a new token once, and it then authenticates the API", async () => {
    t = makeTestApp();
    const me = owner(t);
    const res = await post(t, "/settings/tokens", { name: "Backend sync" }, me, { headers: HX });
    expect(res.status).toBe(200);
    const html = await res.text();
    const token = shownToken(html)!;
    expect(token).toMatch(/^pk_/);
    expect(html).toContain("will not be shown again");

    expect(findWorkspaceByToken(t.ctx, token)?.workspace.id).toBe(t.workspace.id);
    const apiMe = await t.app.request("/api/me", { headers: { authorization: `Bearer ${token}` } });
    expect(apiMe.status).toBe(200);

    const list = await (await get(t, "/settings/tokens", me)).text();
    expect(list).toContain("Backend sync");
    expect(list).toContain(`${token.slice(0, 7)}…`);
    expect(list).not.toContain(token);
    expect(list).not.toContain('id="new-token"');
  });

  it("revoking stops the token at once", async () => {
    t = makeTestApp();
    const me = owner(t);
    const { token, row } = createWorkspaceToken(t.ctx, me.operator, t.workspace.id, "old");
    const res = await post(t, `/settings/tokens/${row.id}/revoke`, {}, me, { headers: HX });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Revoked");
    expect(html).toContain("revoked. Requests using it are refused");
    expect(findWorkspaceByToken(t.ctx, token)).toBeUndefined();
    expect((await t.app.request("/api/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await post(t, `/settings/tokens/${row.id}/revoke`, {}, me)).status).toBe(404);
  });

  it("cannot revoke another workspace's token from this one", async () => {
    t = makeTestApp();
    const me = owner(t);
    const { token, row } = createWorkspaceToken(t.ctx, me.operator, t.testWorkspace.id, "test ws");
    const res = await post(t, `/settings/tokens/${row.id}/revoke`, { _ws: t.workspace.id }, me);
    expect(res.status).toBe(404);
    expect(findWorkspaceByToken(t.ctx, token)).toBeDefined();
  });

  it("re-renders the form with a field message for a missing name", async () => {
    t = makeTestApp();
    const me = owner(t);
    const res = await post(t, "/settings/tokens", { name: "   " }, me, { headers: HX });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/^<section id="tokens">/);
    expect(html).toContain("Give the token a name.");
    expect(html).toContain('aria-invalid="true"');
  });

  it("records creation and revocation in the audit log, without the token", async () => {
    t = makeTestApp();
    const me = owner(t);
    const html = await (await post(t, "/settings/tokens", { name: "ci" }, me)).text();
    const token = shownToken(html)!;
    const id = listAudit(t.ctx).find((e) => e.action === "api_token.created")!.target!;
    await post(t, `/settings/tokens/${id}/revoke`, {}, me);
    const actions = listAudit(t.ctx).map((e) => [e.action, e.workspaceId, e.operatorId]);
    expect(actions).toEqual([
      ["api_token.revoked", t.workspace.id, me.operator.id],
      ["api_token.created", t.workspace.id, me.operator.id],
    ]);
    expect(JSON.stringify(listAudit(t.ctx))).not.toContain(token);
  });
});
