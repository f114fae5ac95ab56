import { IntercomClient } from "intercom-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listParts } from "../../src/conversations/index.js";
import { HOUR } from "../../src/lib/clock.js";
import { listen, type Listening } from "../helpers/http-server.js";
import { makeContact, setup } from "./helpers.js";

// The official SDK (v7) over 127.0.0.1, driving every conversations endpoint as users' code does.
let t: ReturnType<typeof setup>;
let server: Listening;
let client: IntercomClient;

beforeEach(async () => {
  t = setup();
  server = await listen(t.app);
  client = new IntercomClient({ token: t.token, baseUrl: `${server.url}/api`, maxRetries: 0 });
});
afterEach(async () => {
  await server.close();
  t.close();
});

const secs = () => Math.floor(t.clock.now() / 1000);

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of pages) {
    out.push(item);
    if (out.length > 100) throw new Error("iterator did not terminate");
  }
  return out;
}

describe("intercom-client 7: conversations", () => {
  it("creates (user_message), replies as admin and user, and finds the conversation with its parts", async () => {
    const message = await client.conversations.create({ from: { type: "user", id: t.contact.id }, body: "Hello, I need help with billing" });
    expect(message).toMatchObject({ type: "user_message", body: "Hello, I need help with billing", message_type: "inapp", created_at: secs() });
    const id = message.conversation_id;
    expect(id).toMatch(/^\d+$/);

    const afterAdmin = await client.conversations.reply({
      conversation_id: id, body: { message_type: "comment", type: "admin", admin_id: String(t.op.id), body: "Hi Ada, happy to help!" },
    });
    expect(afterAdmin.conversation_parts?.conversation_parts?.map((p) => [p.part_type, p.body, p.author?.type])).toEqual([
      ["comment", "<p>Hi Ada, happy to help!</p>", "admin"],
    ]);
    await client.conversations.reply({ conversation_id: id, body: { message_type: "note", type: "admin", admin_id: String(t.op.id), body: "<p>internal <script>x()</script>note</p>" } });
    await client.conversations.reply({ conversation_id: id, body: { message_type: "comment", type: "user", intercom_user_id: t.contact.id, body: "Thanks!" } });
    await client.conversations.reply({ conversation_id: "last", body: { message_type: "comment", type: "user", user_id: t.contact.externalId!, body: "One more thing" } });
    await client.conversations.reply({
      conversation_id: id, body: { message_type: "comment", type: "user", email: t.contact.email!, body: "And another", attachment_urls: ["https://files.example.com/a/screen%20shot.png?v=2"] },
    });

    const found = await client.conversations.find({ conversation_id: id });
    expect(found).toMatchObject({
      type: "conversation", id, state: "open", open: true, read: false, admin_assignee_id: null,
      source: { type: "conversation", id: message.id, delivered_as: "customer_initiated", body: "<p>Hello, I need help with billing</p>", author: { type: "user", id: t.contact.id, email: t.contact.email } },
      contacts: { type: "contact.list", contacts: [{ type: "contact", id: t.contact.id, external_id: t.contact.externalId }] },
      teammates: { type: "admin.list", admins: [{ type: "admin", id: String(t.op.id) }] },
    });
    const parts = found.conversation_parts?.conversation_parts ?? [];
    expect(parts.map((p) => [p.part_type, p.body])).toEqual([
      ["comment", "<p>Hi Ada, happy to help!</p>"],
      ["note", "<p>internal note</p>"],
      ["comment", "<p>Thanks!</p>"],
      ["comment", "<p>One more thing</p>"],
      ["comment", "<p>And another</p>"],
    ]);
    expect(found.conversation_parts?.total_count).toBe(5);
    expect(parts[4]?.attachments).toEqual([
      { type: "upload", name: "screen shot.png", url: "https://files.example.com/a/screen%20shot.png?v=2", content_type: null, filesize: null, width: null, height: null },
    ]);
    const plain = await client.conversations.find({ conversation_id: id, display_as: "plaintext" });
    expect(plain.source?.body).toBe("Hello, I need help with billing");
  });

  it("assigns, unassigns (assignee 0), snoozes, opens and closes through parts", async () => {
    const { conversation_id: id } = await client.conversations.create({ from: { type: "user", id: t.contact.id }, body: "help" });
    const admin = String(t.op.id);
    const assigned = await client.conversations.manage({ conversation_id: id, body: { message_type: "assignment", type: "admin", admin_id: admin, assignee_id: admin } });
    expect(assigned.admin_assignee_id).toBe(t.op.id);
    const lastPart = (c: typeof assigned) => c.conversation_parts?.conversation_parts?.at(-1);
    expect(lastPart(assigned)).toMatchObject({ part_type: "assignment", assigned_to: { type: "admin", id: admin } });
    const unassigned = await client.conversations.manage({ conversation_id: id, body: { message_type: "assignment", type: "admin", admin_id: admin, assignee_id: "0" } });
    expect(unassigned.admin_assignee_id).toBeNull();

    const until = secs() + 2 * 3600;
    const snoozed = await client.conversations.manage({ conversation_id: id, body: { message_type: "snoozed", admin_id: admin, snoozed_until: until } });
    expect(snoozed).toMatchObject({ state: "snoozed", snoozed_until: until, open: true });
    const opened = await client.conversations.manage({ conversation_id: id, body: { message_type: "open", admin_id: admin } });
    expect(opened).toMatchObject({ state: "open", open: true, snoozed_until: null });
    const closed = await client.conversations.manage({ conversation_id: id, body: { message_type: "close", type: "admin", admin_id: admin, body: "Closing, thanks!" } });
    expect(closed).toMatchObject({ state: "closed", open: false });
    expect(lastPart(closed)).toMatchObject({ part_type: "close", body: "<p>Closing, thanks!</p>" });

    const reopened = await client.conversations.reply({ conversation_id: id, body: { message_type: "comment", type: "user", intercom_user_id: t.contact.id, body: "Wait" } });
    expect(reopened.state).toBe("open");
    expect(reopened.conversation_parts?.conversation_parts?.slice(-2).map((p) => p.part_type)).toEqual(["open", "comment"]);
    t.clock.advance(3 * HOUR);
    await expect(
      client.conversations.manage({ conversation_id: id, body: { message_type: "snoozed", admin_id: admin, snoozed_until: secs() - 60 } }),
    ).rejects.toMatchObject({ statusCode: 400, body: { type: "error.list", errors: [{ field: "snoozed_until" }] } });
  });

  it("updates read, title and custom attributes", async () => {
    const { conversation_id: id } = await client.conversations.create({ from: { type: "user", id: t.contact.id }, body: "hi" });
    const updated = await client.conversations.update({ conversation_id: id, read: true, title: "Billing question", custom_attributes: { issue_type: "Billing", priority: "High" } });
    expect(updated).toMatchObject({ read: true, title: "Billing question", custom_attributes: { issue_type: "Billing", priority: "High" } });
    const again = await client.conversations.update({ conversation_id: id, read: false, custom_attributes: { priority: null } as unknown as Record<string, string> });
    expect(again).toMatchObject({ read: false, title: "Billing question", custom_attributes: { issue_type: "Billing" } });
  });

  it("lists with a cursor until the end and searches with the query language", async () => {
    const other = makeContact(t);
    const ids: string[] = [];
    for (const [who, text] of [[t.contact.id, "first"], [other.id, "second"], [t.contact.id, "third"]] as const) {
      ids.push((await client.conversations.create({ from: { type: "user", id: who }, body: text })).conversation_id);
    }
    await client.conversations.manage({ conversation_id: ids[2]!, body: { message_type: "close", type: "admin", admin_id: String(t.op.id) } });
    const all = await collect(await client.conversations.list({ per_page: 2 }));
    expect(all.map((c) => c.id)).toEqual([...ids].reverse());
    expect(all[0]).not.toHaveProperty("conversation_parts");

    const search = await client.conversations.search({
      query: { operator: "AND", value: [{ field: "state", operator: "=", value: "closed" }, { field: "contact_ids", operator: "=", value: t.contact.id }] },
      pagination: { per_page: 20 },
    });
    expect((await collect(search)).map((c) => c.id)).toEqual([ids[2]]);
    const mine = await collect(await client.conversations.search({ query: { field: "contact_ids", operator: "=", value: t.contact.id }, pagination: { per_page: 1 } }));
    expect(mine.map((c) => c.id)).toEqual([ids[2], ids[0]]);
    await expect(client.conversations.search({ query: { operator: "AND", value: [{ field: "mood", operator: "=", value: "x" }] } })).rejects.toMatchObject({
      statusCode: 400,
      body: { errors: [{ code: "parameter_invalid", field: "query.value[0].field" }] },
    });
  });

  it("sends an admin-initiated message and deletes a conversation", async () => {
    const sent = await client.messages.create({ message_type: "inapp", body: "Welcome aboard!", from: { type: "admin", id: t.op.id }, to: { type: "user", id: t.contact.id } });
    expect(sent).toMatchObject({ type: "admin_message", body: "Welcome aboard!", message_type: "inapp" });
    expect((sent as { owner?: unknown }).owner).toMatchObject({ type: "admin", id: String(t.op.id), name: "Olive" });
    const conv = await client.conversations.find({ conversation_id: sent.conversation_id });
    expect(conv).toMatchObject({ admin_assignee_id: t.op.id, source: { delivered_as: "admin_initiated", author: { type: "admin", id: String(t.op.id) } } });
    expect(await client.conversations.deleteConversation({ conversation_id: Number(sent.conversation_id) })).toEqual({ id: sent.conversation_id, object: "conversation", deleted: true });
    expect(listParts(t.ctx, Number(sent.conversation_id))).toEqual([]);
    await expect(client.conversations.find({ conversation_id: sent.conversation_id })).rejects.toMatchObject({ statusCode: 404 });
  });

  it("answers Intercom-shaped errors", async () => {
    await expect(client.conversations.create({ from: { type: "user", id: "ct_nope" }, body: "x" })).rejects.toMatchObject({
      statusCode: 404, body: { type: "error.list", errors: [{ code: "not_found", message: "User Not Found" }] },
    });
    const { conversation_id: id } = await client.conversations.create({ from: { type: "user", id: t.contact.id }, body: "x" });
    await expect(client.conversations.reply({ conversation_id: id, body: { message_type: "comment", type: "admin", admin_id: "999", body: "x" } })).rejects.toMatchObject({
      statusCode: 404, body: { errors: [{ code: "admin_not_found" }] },
    });
    await expect(client.conversations.find({ conversation_id: "12345" })).rejects.toMatchObject({ statusCode: 404 });
    const stranger = makeContact(t);
    await expect(
      client.conversations.reply({ conversation_id: id, body: { message_type: "comment", type: "user", intercom_user_id: stranger.id, body: "let me in" } }),
    ).rejects.toMatchObject({ statusCode: 403 });
  });
});
