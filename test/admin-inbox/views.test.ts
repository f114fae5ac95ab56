import { afterEach, describe, expect, it } from "vitest";
import { assignConversation, setConversationState } from "../../src/conversations/index.js";
import { addOperator, as, contactWrites, get, HX, listedIds, makeTestApp, owner, type TestApp } from "./helpers.js";

let t: TestApp;
afterEach(() => t?.close());

const list = async (path: string, who: Parameters<typeof get>[2]) => listedIds(await (await get(t, path, who, HX)).text());
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe("inbox views and state tabs", () => {
  it("lists mine / unassigned / all / one teammate, per state", async () => {
    t = makeTestApp();
    const me = owner(t);
    const mate = addOperator(t, "agent", { name: "Mate" });
    const ws = t.workspace.id;
    const by = { type: "operator" as const, operatorId: me.operator.id };
    const unassigned = contactWrites(t, "one").conversation.id;
    const mine = contactWrites(t, "two").conversation.id;
    assignConversation(t.ctx, ws, mine, { by, assigneeId: me.operator.id });
    const theirs = contactWrites(t, "three").conversation.id;
    assignConversation(t.ctx, ws, theirs, { by, assigneeId: mate.id });
    const closed = contactWrites(t, "four").conversation.id;
    setConversationState(t.ctx, ws, closed, { by, state: "closed" });
    const snoozed = contactWrites(t, "five").conversation.id;
    assignConversation(t.ctx, ws, snoozed, { by, assigneeId: me.operator.id });
    setConversationState(t.ctx, ws, snoozed, { by, state: "snoozed", snoozedUntil: t.clock.now() + 3_600_000 });

    expect(await list("/inbox/list", me)).toEqual([mine]);
    expect(await list("/inbox/list?v=unassigned", me)).toEqual([unassigned]);
    expect(sorted(await list("/inbox/list?v=all", me))).toEqual(sorted([unassigned, mine, theirs]));
    expect(await list(`/inbox/list?v=op-${mate.id}`, me)).toEqual([theirs]);
    expect(await list("/inbox/list?v=all&s=closed", me)).toEqual([closed]);
    expect(await list("/inbox/list?s=snoozed", me)).toEqual([snoozed]);
    // The teammate's own "mine" is the conversation assigned to them.
    expect(await list("/inbox/list", as(t, mate))).toEqual([theirs]);
  });

  it("renders the full page with the view links, the list and the SSE connection, and keeps other workspaces out", async () => {
    t = makeTestApp();
    const me = owner(t);
    const { conversation } = contactWrites(t, "hello");
    const res = await get(t, "/inbox?v=all", me);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('sse-connect="/inbox/stream"');
    expect(html).toContain('href="/inbox?v=unassigned"');
    expect(listedIds(html)).toEqual([conversation.id]);
    expect(html).toMatch(/<a href="\/inbox" class="nav-item" aria-current="page">Inbox<\/a>/);

    const other = contactWrites(t, "elsewhere", { workspaceId: t.testWorkspace.id });
    expect((await get(t, `/inbox/${other.conversation.id}`, me)).status).toBe(404);
  });

  it("asks for sign-in", async () => {
    t = makeTestApp();
    owner(t);
    const res = await get(t, "/inbox");
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get("location")).toContain("/login");
  });

  it("finds conversations by message text (full-text search), notes included", async () => {
    t = makeTestApp();
    const me = owner(t);
    const refund = contactWrites(t, "I would like a refund for my invoice").conversation.id;
    contactWrites(t, "How do I reset my password?");
    expect(await list("/inbox/list?v=all&q=refund", me)).toEqual([refund]);
    expect(await list("/inbox/list?v=all&q=invo", me)).toEqual([refund]);
    expect(await list("/inbox/list?v=all&q=nothing-like-this", me)).toEqual([]);
  });
});
