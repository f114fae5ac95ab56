import { afterEach, describe, expect, it } from "vitest";
import { workspaces } from "../../src/db/schema/index.js";
import { createWorkspaceToken } from "../../src/workspaces/settings.js";
import { addOperator, get, HX, makeTestApp, owner, post, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

const XSS = "<img src=x onerror=alert(1)>";
const ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";

describe("escaping of user-supplied text", () => {
  it("a teammate's name renders as text in the shell and the teammates list", async () => {
    t = makeTestApp();
    const me = owner(t, { name: XSS });
    addOperator(t, "agent", { name: `${XSS}2` });
    for (const path of ["/", "/settings/teammates"]) {
      const html = await (await get(t, path, me)).text();
      expect(html, path).toContain(ESCAPED);
      expect(html, path).not.toContain("<img");
    }
  });

  it("token names, invite emails and workspace names render as text, also in htmx fragments and flashes", async () => {
    t = makeTestApp();
    const me = owner(t);
    t.ctx.db.update(workspaces).set({ name: XSS }).run();
    createWorkspaceToken(t.ctx, me.operator, t.workspace.id, XSS);
    const frag = await (await post(t, "/settings/tokens", { name: `"><script>alert(2)</script>` }, me, { headers: HX })).text();
    expect(frag).not.toContain("<script>alert(2)");
    expect(frag).toContain("&lt;script&gt;alert(2)");
    const pages = await Promise.all(["/settings/tokens", "/settings/audit", "/settings/keys"].map(async (p) => (await get(t, p, me)).text()));
    for (const html of pages) {
      expect(html).not.toContain("<img");
      expect(html).toContain(ESCAPED);
    }
  });

  it("form values echoed back after an error are escaped", async () => {
    t = makeTestApp();
    const html = await (await post(t, "/login", { email: `"><script>alert(3)</script>`, password: "" })).text();
    expect(html).not.toContain("<script>alert(3)");
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(3)");
  });
});
