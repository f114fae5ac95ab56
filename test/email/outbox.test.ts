import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { buildEmail, getMailer, listOutbox } from "../../src/email/index.js";
import { addOperator, as, owner } from "../admin/support.js";
import { addContact, compileMarkdown, makeEmailApp, type EmailTestApp } from "./support.js";

let t: EmailTestApp;
beforeEach(() => {
  t = makeEmailApp();
});
afterEach(() => t.close());

async function sendLaunch(name: string) {
  const contact = addContact(t, { name });
  const tpl = await compileMarkdown("# Launch day\n\nHi {{ contact.name }}, [see what is new](https://acme.example/new).", "Launch for {{ contact.name }}");
  return { contact, result: await getMailer(t.ctx).send(buildEmail(t.ctx, tpl, { workspace: t.workspace, contact })) };
}

describe("outbox (SMTP_URL unset)", () => {
  test("keeps the whole message: headers, HTML and text", async () => {
    const { contact, result } = await sendLaunch("Ann");
    expect(result).toMatchObject({ status: "sent", via: "outbox" });
    const [row] = listOutbox(t.ctx, t.workspace.id);
    expect(row).toMatchObject({ toAddress: `"Ann" <${contact.email}>`, subject: "Launch for Ann", contactId: contact.id });
    const page = await t.request(`/settings/outbox/${row!.id}`, { headers: { cookie: owner(t).cookie } });
    const html = await page.text();
    expect(html).toContain("List-Unsubscribe-Post");
    expect(html).toContain("Message-ID");
    expect(html).toContain("Hi Ann, see what is new (https://acme.example/new).");
  });

  test("the admin lists kept mail and shows the HTML only inside a sandboxed frame", async () => {
    await sendLaunch("<b>Bold</b> Bob");
    const who = owner(t);
    const list = await t.request("/settings/outbox", { headers: { cookie: who.cookie } });
    expect(list.status).toBe(200);
    const listed = await list.text();
    expect(listed).toContain("Launch for &lt;b&gt;Bold&lt;/b&gt; Bob");
    const id = /href="\/settings\/outbox\/(eml_[a-z0-9]+)"/.exec(listed)![1]!;

    const res = await t.request(`/settings/outbox/${id}`, { headers: { cookie: who.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await res.text();
    const frame = /<iframe\b[^>]*>/.exec(html)![0];
    expect(frame).toContain('sandbox=""');
    expect(frame).toMatch(/srcdoc="[^"]*&lt;h1&gt;Launch day&lt;\/h1&gt;/);
    expect(frame).toContain("Hi &amp;lt;b&amp;gt;Bold&amp;lt;/b&amp;gt; Bob");
    const outside = html.replace(frame, "");
    expect(outside).not.toContain("<h1>Launch day</h1>");
    expect(outside).not.toContain("mj-column");
    expect(frame).not.toContain("/e/o/");
  });

  test("agents cannot read the outbox, and another workspace's mail is not shown", async () => {
    const { result } = await sendLaunch("Ann");
    const id = result.status === "sent" ? result.outboxId! : "";
    const agent = as(t, addOperator(t, "agent"));
    expect((await t.request("/settings/outbox", { headers: { cookie: agent.cookie } })).status).toBe(403);
    const admin = owner(t);
    const other = await t.request(`/settings/outbox/${id}`, { headers: { cookie: `${admin.cookie}; parley_ws=${t.testWorkspace.id}` } });
    expect(other.status).toBe(404);
    expect(await t.request("/settings/outbox")).toHaveProperty("status", 303);
  });
});
