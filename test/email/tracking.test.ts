import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  buildEmail, clickToken, findSuppression, onEmailActivity, openToken, previewHtml, receiveInbound, unsubscribeToken,
  type EmailActivity,
} from "../../src/email/index.js";
import type { BusPayload } from "../../src/lib/bus.js";
import { addContact, compileMarkdown, hrefs, localPath, makeEmailApp, reload, type EmailTestApp } from "./support.js";

let t: EmailTestApp;
beforeEach(() => {
  t = makeEmailApp({ config: { INBOUND_DOMAIN: "in.parley.test" } });
});
afterEach(() => t.close());

/** Collects bus events of one name. */
function listen(name: "email.opened" | "email.clicked" | "email.unsubscribed"): BusPayload[] {
  const seen: BusPayload[] = [];
  t.ctx.bus.on(name, (p) => seen.push(p));
  return seen;
}

async function mailFor(contactId: string, deliveryId?: string, track = true) {
  const tpl = await compileMarkdown("[First](https://a.example/one?x=1&y=2) and [Second](https://b.example/two)");
  return buildEmail(t.ctx, tpl, { workspace: t.workspace, contact: reload(t, contactId), deliveryId }, { track });
}

/** `token` with one character of its signature changed. */
const tamper = (token: string) => token.slice(0, -3) + (token.at(-3) === "A" ? "B" : "A") + token.slice(-2);

describe("click tracking", () => {
  test("each http(s) link redirects to its own target, by a stable index, and records the click with the delivery", async () => {
    const contact = addContact(t);
    const clicks = listen("email.clicked");
    const activity: EmailActivity[] = [];
    const off = onEmailActivity((_ctx, a) => activity.push(a));
    const tracked = hrefs((await mailFor(contact.id, "dl_1")).html).filter((h) => h.includes("/e/c/"));
    expect(tracked).toHaveLength(2);
    const res = await t.request(localPath(tracked[1]!));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://b.example/two");
    expect((await t.request(localPath(tracked[0]!))).headers.get("location")).toBe("https://a.example/one?x=1&y=2");
    await t.ctx.bus.settled();
    off();
    expect(clicks).toEqual([
      { workspaceId: t.workspace.id, contactId: contact.id, deliveryId: "dl_1", url: "https://b.example/two", linkIndex: 1 },
      { workspaceId: t.workspace.id, contactId: contact.id, deliveryId: "dl_1", url: "https://a.example/one?x=1&y=2", linkIndex: 0 },
    ]);
    expect(activity.map((a) => a.type)).toEqual(["clicked", "clicked"]);
    expect(reload(t, contact.id).lastEmailClickedAt).toBe(t.clock.now());
  });

  test("a tampered or misused token gets a 404 page and no redirect, and records nothing", async () => {
    const contact = addContact(t);
    const ref = { workspaceId: t.workspace.id, contactId: contact.id };
    const good = clickToken(t.ctx, ref, "https://a.example/", 0);
    const [body] = good.split(".");
    const forged = Buffer.from(JSON.stringify({ w: ref.workspaceId, c: ref.contactId, u: "https://evil.example/", i: 0 })).toString("base64url");
    for (const token of [tamper(good), `${forged}.${good.split(".")[1]}`, openToken(t.ctx, ref), `${body}.`, "garbage"]) {
      const res = await t.request(`/e/c/${token}`);
      expect(res.status).toBe(404);
      expect(res.headers.get("location")).toBeNull();
    }
    expect(reload(t, contact.id).lastEmailClickedAt).toBeNull();
  });

  test("an unsubscribe link written in the body is left alone; very long URLs stay untracked", async () => {
    const contact = addContact(t);
    const long = `https://c.example/${"x".repeat(2100)}`;
    const tpl = await compileMarkdown(`[Leave]({{ unsubscribe_url }}) or [long](${long})`);
    const links = hrefs(buildEmail(t.ctx, tpl, { workspace: t.workspace, contact }).html);
    expect(links[0]).toMatch(/^http:\/\/parley\.test\/u\//);
    expect(links[1]).toBe(long);
  });

  test("with tracking off, links point straight at their targets and there is no pixel", async () => {
    const mail = await mailFor(addContact(t).id, undefined, false);
    expect(hrefs(mail.html).slice(0, 2)).toEqual(["https://a.example/one?x=1&y=2", "https://b.example/two"]);
    expect(mail.html).not.toContain("/e/o/");
  });
});

describe("open pixel", () => {
  test("serves an uncacheable 1×1 GIF and records the open", async () => {
    const contact = addContact(t);
    const opens = listen("email.opened");
    const pixel = /<img src="([^"]+\/e\/o\/[^"]+)"/.exec((await mailFor(contact.id, "dl_9")).html)![1]!;
    const res = await t.request(localPath(pixel));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/gif");
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 6).toString()).toBe("GIF89a");
    await t.ctx.bus.settled();
    expect(opens).toEqual([{ workspaceId: t.workspace.id, contactId: contact.id, deliveryId: "dl_9" }]);
    expect(reload(t, contact.id).lastEmailOpenedAt).toBe(t.clock.now());
  });

  test("a tampered open token records nothing", async () => {
    const contact = addContact(t);
    const res = await t.request(`/e/o/${tamper(openToken(t.ctx, { workspaceId: t.workspace.id, contactId: contact.id }))}`);
    expect(res.status).toBe(404);
    expect(reload(t, contact.id).lastEmailOpenedAt).toBeNull();
  });

  test("the admin preview shows neither the pixel nor tracked links", async () => {
    const preview = previewHtml(t.ctx, (await mailFor(addContact(t).id)).html);
    expect(preview).not.toContain("/e/o/");
    expect(hrefs(preview).slice(0, 2)).toEqual(["https://a.example/one?x=1&y=2", "https://b.example/two"]);
  });
});

describe("unsubscribe", () => {
  test("GET only asks; POST from the page unsubscribes (flag + suppression) and says so; repeating is harmless", async () => {
    const contact = addContact(t, { email: "Jane.Doe@Example.test" });
    const events = listen("email.unsubscribed");
    const path = `/u/${unsubscribeToken(t.ctx, { workspaceId: t.workspace.id, contactId: contact.id })}`;
    const page = await t.request(path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Unsubscribe from Acme?");
    expect(html).toContain(`<form method="post" action="${path}">`);
    expect(html).toContain("J•••@Example.test");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(reload(t, contact.id).unsubscribedFromEmails).toBe(false);

    const post = () => t.request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
    const done = await post();
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("You are unsubscribed");
    expect((await post()).status).toBe(200);
    await t.ctx.bus.settled();
    expect(reload(t, contact.id).unsubscribedFromEmails).toBe(true);
    expect(findSuppression(t.ctx, "jane.doe@example.test", t.workspace.id)).toMatchObject({ reason: "unsubscribe", scope: t.workspace.id, detail: "page" });
    expect(findSuppression(t.ctx, "jane.doe@example.test", t.testWorkspace.id)).toBeUndefined();
    expect(events).toEqual([{ workspaceId: t.workspace.id, contactId: contact.id, deliveryId: undefined, via: "page" }]);
  });

  test("a tampered unsubscribe token changes nothing", async () => {
    const contact = addContact(t);
    const token = tamper(unsubscribeToken(t.ctx, { workspaceId: t.workspace.id, contactId: contact.id }));
    expect((await t.request(`/u/${token}`)).status).toBe(404);
    expect((await t.request(`/u/${token}`, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(404);
    expect(reload(t, contact.id).unsubscribedFromEmails).toBe(false);
  });

  test("the List-Unsubscribe mailto (a mail to unsubscribe@ with the token in the subject) unsubscribes", async () => {
    const contact = addContact(t);
    const mail = await mailFor(contact.id);
    const mailto = /<mailto:(unsubscribe@in\.parley\.test)\?subject=unsubscribe%20([^>]+)>/.exec(mail.headers!["List-Unsubscribe"]!)!;
    const raw = `From: ${contact.email}\r\nTo: ${mailto[1]}\r\nSubject: unsubscribe ${mailto[2]}\r\nMessage-ID: <u1@example.test>\r\n\r\n\r\n`;
    expect(await receiveInbound(t.ctx, raw, { via: "smtp" })).toEqual({ handled: "unsubscribe" });
    expect(reload(t, contact.id).unsubscribedFromEmails).toBe(true);
    expect(findSuppression(t.ctx, contact.email!, t.workspace.id)?.detail).toBe("mailto");
  });
});
