import { afterEach, describe, expect, it } from "vitest";
import { closeMailer, listOutbox } from "../../src/email/index.js";
import { startSmtpCatcher, type SmtpCatcher } from "../helpers/smtp-catcher.js";
import { get, HX, makeTestApp, owner, post, type TestApp } from "./support.js";

let t: TestApp | undefined;
let catcher: SmtpCatcher | undefined;
afterEach(async () => {
  if (t) closeMailer(t.ctx);
  t?.close();
  await catcher?.close();
  t = undefined;
  catcher = undefined;
});

const linkIn = (html: string) => /<code id="invite-link"[^>]*>([^<]+)<\/code>/.exec(html)?.[1];

describe("invites by email", { timeout: 30_000 }, () => {
  it("emails the invite link over SMTP when it is configured; the emailed link works", async () => {
    catcher = await startSmtpCatcher();
    t = makeTestApp({ config: { SMTP_URL: catcher.url } });
    const me = owner(t, { name: "Olga <Owner>" });
    expect(await (await get(t, "/settings/teammates", me)).text()).toContain("Send invite");
    const res = await post(t, "/settings/teammates/invites", { email: "nina@example.test", role: "agent" }, me, { headers: HX });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("Invite emailed to nina@example.test.");
    const [mail] = await catcher.waitFor(1);
    expect(mail!.envelope.to).toEqual(["nina@example.test"]);
    expect(mail!.parsed.subject).toBe("Olga <Owner> invited you to Parley");
    const link = linkIn(html)!;
    expect(mail!.parsed.html).toContain(`href="${link}"`);
    expect(mail!.parsed.html).toContain("Olga &lt;Owner&gt;");
    expect(mail!.parsed.text).toContain("agent");
    const form = await get(t, new URL(link).pathname);
    expect(form.status).toBe(200);
    expect(listOutbox(t.ctx, t.workspace.id).length).toBe(0);
  });

  it("without SMTP the invite email waits in the outbox and the page says so", async () => {
    t = makeTestApp();
    const me = owner(t);
    expect(await (await get(t, "/settings/teammates", me)).text()).toContain("Create invite link");
    const res = await post(t, "/settings/teammates/invites", { email: "omar@example.test", role: "agent" }, me, { headers: HX });
    const html = await res.text();
    expect(html).toContain("waits in the <a href=\"/settings/outbox\">outbox</a>");
    const link = linkIn(html)!;
    const box = listOutbox(t.ctx, t.workspace.id);
    expect(box).toHaveLength(1);
    expect(JSON.stringify(box[0])).toContain("omar@example.test");
    expect(link).toMatch(/\/invite\/inv_/);
  });
});
