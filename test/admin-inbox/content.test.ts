import { afterEach, describe, expect, it } from "vitest";
import { listSavedReplies } from "../../src/conversations/index.js";
import { contactWrites, get, HX, hxPost, makeTestApp, owner, type TestApp } from "./helpers.js";

let t: TestApp;
afterEach(() => t?.close());

const XSS = "<img src=x onerror=alert(1)>";

describe("saved replies", () => {
  it("are added from the admin and render variables for the contact, escaped, with defaults", async () => {
    t = makeTestApp();
    const me = owner(t);
    const created = await hxPost(t, "/inbox/saved-replies", { name: "Greeting", body: 'Hi {{ contact.name | default: "there" }}, {{ operator.name }} here.' }, me);
    expect(created.status).toBe(200);
    const [reply] = listSavedReplies(t.ctx, t.workspace.id);
    expect(reply?.name).toBe("Greeting");

    const named = contactWrites(t, "hello", { name: XSS });
    const res = await get(t, `/inbox/${named.conversation.id}/composer?saved=${reply!.id}`, me, HX);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`Hi &lt;img src=x onerror=alert(1)&gt;, ${me.operator.name} here.</textarea>`);
    expect(html).not.toContain(XSS);

    const anonymous = contactWrites(t, "hello", { name: null });
    const plain = await (await get(t, `/inbox/${anonymous.conversation.id}/composer?saved=${reply!.id}`, me, HX)).text();
    expect(plain).toContain("Hi there,");
  });

  it("refuses a broken template with the error next to the field", async () => {
    t = makeTestApp();
    const me = owner(t);
    const res = await hxPost(t, "/inbox/saved-replies", { name: "Broken", body: "Hi {{ contact.name " }, me);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Liquid error");
    expect(listSavedReplies(t.ctx, t.workspace.id)).toEqual([]);
  });
});

describe("escaping", () => {
  it("shows a contact's hostile message and name as text in the list, the thread and the sidebar", async () => {
    t = makeTestApp();
    const me = owner(t);
    const { conversation } = contactWrites(t, `look ${XSS} <script>alert(2)</script>`, { name: XSS, customAttributes: { motto: "<script>alert(3)</script>" } });
    for (const path of ["/inbox?v=all", `/inbox/${conversation.id}?v=all`]) {
      const html = await (await get(t, path, me)).text();
      expect(html).not.toContain("<img src=x");
      expect(html).not.toContain("<script>alert");
      expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    }
    const thread = await (await get(t, `/inbox/${conversation.id}`, me)).text();
    expect(thread).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(thread).toContain("&lt;script&gt;alert(3)&lt;/script&gt;");
  });
});
