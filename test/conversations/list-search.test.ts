import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  addPart, assignConversation, compileConversationSearch, ftsQuery, listConversations, searchPartsText, setConversationState, startConversation,
} from "../../src/conversations/index.js";
import { MINUTE } from "../../src/lib/clock.js";
import { makeContact, setup } from "./helpers.js";

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.close());

const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

describe("inbox views and paging", () => {
  it("lists mine / unassigned / teammate / all by state, newest or by last activity, with stable cursors", () => {
    const ws = t.workspace.id;
    const by = { type: "operator" as const, operatorId: t.op.id };
    const made = [1, 2, 3, 4, 5].map((n) => {
      t.clock.advance(MINUTE);
      return startConversation(t.ctx, ws, { contactId: t.contact.id, body: `conversation ${n}` }).conversation;
    });
    const [c1, c2, c3, c4, c5] = made.map((c) => c.id) as [number, number, number, number, number];
    assignConversation(t.ctx, ws, c2, { by, assigneeId: t.op.id });
    assignConversation(t.ctx, ws, c4, { by, assigneeId: t.op.id });
    setConversationState(t.ctx, ws, c4, { by, state: "closed" });
    t.clock.advance(MINUTE);
    addPart(t.ctx, ws, c1, { author: { type: "contact", contactId: t.contact.id }, body: "bump" });

    const list = (o: Partial<Parameters<typeof listConversations>[2]>) => ids(listConversations(t.ctx, ws, { perPage: 50, ...o }).rows);
    expect(list({})).toEqual([c5, c4, c3, c2, c1]);
    expect(list({ order: "last_activity" })[0]).toBe(c1);
    expect(list({ view: { kind: "mine", operatorId: t.op.id } })).toEqual([c4, c2]);
    expect(list({ view: { kind: "mine", operatorId: t.op.id }, state: "open" })).toEqual([c2]);
    expect(list({ view: { kind: "teammate", operatorId: t.op.id }, state: "closed" })).toEqual([c4]);
    expect(list({ view: { kind: "unassigned" } })).toEqual([c5, c3, c1]);
    expect(list({ contactId: makeContact(t).id })).toEqual([]);

    const seen: number[] = [];
    let page = listConversations(t.ctx, ws, { perPage: 2 });
    expect(page).toMatchObject({ total: 5, page: 1, totalPages: 3 });
    seen.push(...ids(page.rows));
    // A conversation started mid-iteration does not shift the pages of a `newest` listing.
    startConversation(t.ctx, ws, { contactId: t.contact.id, body: "late" });
    while (page.next) {
      page = listConversations(t.ctx, ws, { perPage: 2, after: page.next });
      seen.push(...ids(page.rows));
    }
    expect(seen).toEqual([c5, c4, c3, c2, c1]);
  });
});

describe("full-text search (FTS5)", () => {
  it("finds conversations by words in any part, notes included, scoped to the workspace", () => {
    const ws = t.workspace.id;
    const billing = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "My invoice was charged twice" }).conversation;
    const login = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "Cannot log in" }).conversation;
    addPart(t.ctx, ws, login.id, { author: { type: "operator", operatorId: t.op.id }, kind: "note", body: "<p>Probably the SSO <b>réglage</b></p>", format: "html" });
    const other = makeContact(t, { workspaceId: t.testWorkspace.id });
    startConversation(t.ctx, t.testWorkspace.id, { contactId: other.id, body: "invoice in another workspace" });

    const text = (q: string) => ids(listConversations(t.ctx, ws, { perPage: 10, text: q }).rows);
    expect(text("invoice")).toEqual([billing.id]);
    expect(text("CHARGED invo")).toEqual([billing.id]);
    expect(text("reglage")).toEqual([login.id]);
    expect(text("invoice login")).toEqual([]);
    expect(text('"; DROP TABLE x; --')).toEqual([]);
    expect(text("   ")).toEqual([billing.id, login.id].reverse());
    expect(searchPartsText(t.ctx, ws, "sso").map((h) => h.conversationId)).toEqual([login.id]);
    expect(ftsQuery('NEAR(a b) OR "c*"')).toBe('"NEAR" "a" "b" "OR" "c"*');
  });

  it("forgets a deleted conversation's parts (trigger on cascade)", () => {
    const ws = t.workspace.id;
    const c = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "ephemeral words" }).conversation;
    expect(searchPartsText(t.ctx, ws, "ephemeral")).toHaveLength(1);
    t.ctx.db.$client.prepare("DELETE FROM contacts WHERE id = ?").run(t.contact.id);
    expect(searchPartsText(t.ctx, ws, "ephemeral")).toHaveLength(0);
    const n = t.ctx.db.$client.prepare("SELECT count(*) AS n FROM conversation_parts_fts WHERE conversation_parts_fts MATCH 'ephemeral'").get() as { n: number };
    expect(n.n).toBe(0);
    expect(c.id).toBeGreaterThan(0);
  });
});

describe("Intercom search language over conversations", () => {
  it("compiles fields, groups and custom attributes; refuses unknown fields by path", () => {
    const ws = t.workspace.id;
    const scope = { workspaceId: ws, timeZone: "UTC" };
    const by = { type: "operator" as const, operatorId: t.op.id };
    const a = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "Billing question about invoices" }).conversation;
    const b = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "Bug report" }).conversation;
    setConversationState(t.ctx, ws, b.id, { by, state: "closed" });
    addPart(t.ctx, ws, a.id, { author: by, body: "looking" });
    const find = (query: unknown) => ids(listConversations(t.ctx, ws, { perPage: 10, where: compileConversationSearch(scope, query) }).rows);

    expect(find({ field: "state", operator: "=", value: "closed" })).toEqual([b.id]);
    expect(find({ field: "open", operator: "=", value: true })).toEqual([a.id]);
    expect(find({ operator: "AND", value: [{ field: "contact_ids", operator: "=", value: t.contact.id }, { field: "teammate_ids", operator: "IN", value: [String(t.op.id)] }] })).toEqual([b.id, a.id]);
    expect(find({ field: "teammate_ids", operator: "NIN", value: [t.op.id] })).toEqual([]);
    expect(find({ field: "source.body", operator: "~", value: "billing invoices" })).toEqual([a.id]);
    expect(find({ field: "source.author.type", operator: "=", value: "user" })).toEqual([b.id, a.id]);
    expect(find({ field: "id", operator: "=", value: String(b.id) })).toEqual([b.id]);
    expect(find({ field: "admin_assignee_id", operator: "=", value: null })).toEqual([b.id, a.id]);
    expect(find({ field: "created_at", operator: ">", value: Math.floor(t.clock.now() / 1000) - 86_400 })).toEqual([b.id, a.id]);
    expect(find({ field: "read", operator: "=", value: false })).toEqual([b.id]);

    t.ctx.db.$client.prepare(`UPDATE conversations SET custom_attributes = '{"tier":"gold","seats":12}' WHERE id = ?`).run(a.id);
    expect(find({ field: "custom_attributes.tier", operator: "=", value: "gold" })).toEqual([a.id]);
    expect(find({ field: "custom_attributes.seats", operator: ">", value: 10 })).toEqual([a.id]);

    expect(() => find({ operator: "AND", value: [{ field: "state", operator: "=", value: "open" }, { field: "nope", operator: "=", value: 1 }] })).toThrow(
      expect.objectContaining({ code: "VALIDATION", field: "query.value[1].field" }),
    );
    expect(() => find({ field: "created_at", operator: "!=", value: 1 })).toThrow(expect.objectContaining({ field: "query.operator" }));
  });
});
