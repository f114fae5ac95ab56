import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setup } from "./helpers.js";

let t: ReturnType<typeof setup>;
let id: string;
beforeEach(async () => {
  t = setup();
  const res = await t.api("POST", "/api/conversations", { from: { type: "user", id: t.contact.id }, body: "hi" });
  id = ((await res.json()) as { conversation_id: string }).conversation_id;
});
afterEach(() => t.close());

async function error(res: Response) {
  const body = (await res.json()) as { errors?: { code: string; field?: string }[] };
  return { status: res.status, error: body.errors?.[0] ?? body };
}

describe("conversations API validation", () => {
  it("names the missing or wrong field", async () => {
    const cases: [string, string, unknown, number, Record<string, string>][] = [
      ["POST", "/api/conversations", { from: { type: "user", id: t.contact.id } }, 400, { field: "body" }],
      ["POST", "/api/conversations", { from: { type: "admin", id: "1" }, body: "x" }, 400, { field: "from.type" }],
      ["POST", `/api/conversations/ID/reply`, { message_type: "comment", type: "admin", body: "x" }, 400, { field: "admin_id", code: "parameter_not_found" }],
      ["POST", `/api/conversations/ID/reply`, { message_type: "note", type: "user", intercom_user_id: "x", body: "x" }, 400, { field: "message_type" }],
      ["POST", `/api/conversations/ID/reply`, { message_type: "comment", type: "user", body: "x" }, 400, { field: "intercom_user_id" }],
      ["POST", `/api/conversations/last/reply`, { message_type: "comment", type: "admin", admin_id: "0", body: "x" }, 400, { field: "type" }],
      ["POST", `/api/conversations/ID/reply`, { message_type: "quick_reply", type: "admin", admin_id: "0" }, 400, { field: "reply_options" }],
      ["POST", `/api/conversations/ID/parts`, { message_type: "assignment", type: "team", admin_id: "0", assignee_id: "5" }, 400, { field: "type" }],
      ["POST", `/api/conversations/ID/parts`, { message_type: "snoozed", admin_id: "0" }, 400, { field: "snoozed_until" }],
      ["POST", `/api/conversations/ID/parts`, { message_type: "reopen", admin_id: "0" }, 400, { field: "message_type" }],
      ["GET", `/api/conversations?starting_after=garbage`, undefined, 400, { field: "starting_after" }],
      ["POST", "/api/conversations/search", { query: { field: "created_at", operator: "~", value: 1 } }, 400, { field: "query.operator" }],
      ["POST", "/api/messages", { message_type: "inapp", body: "x", from: { type: "admin", id: "0" }, to: { type: "user", id: "ct_nope" } }, 404, { code: "not_found" }],
      ["GET", "/api/conversations/abc", undefined, 404, { code: "not_found" }],
    ];
    for (const [method, path, body, status, expected] of cases) {
      const got = await error(await t.api(method, path.replace("ID", id), body));
      expect({ path, method, ...got }).toMatchObject({ path, method, status, error: expected });
    }
  });

  it("accepts the API itself as admin 0 and shows it as the author", async () => {
    const res = await t.api("POST", `/api/conversations/${id}/reply`, { message_type: "comment", type: "admin", admin_id: "0", body: "From the API" });
    expect(res.status).toBe(200);
    const conv = (await res.json()) as { conversation_parts: { conversation_parts: { author: unknown }[] } };
    expect(conv.conversation_parts.conversation_parts[0]?.author).toEqual({ type: "admin", id: "0", name: "Acme API", email: null });
  });
});
