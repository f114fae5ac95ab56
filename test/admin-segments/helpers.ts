import { createSegment, type Segment } from "../../src/segments/index.js";
import { get, HX, identify, makeTestApp, owner, post, send, track, user, type Browser, type TestApp } from "../admin-contacts/helpers.js";

export { get, HX, identify, makeTestApp, owner, post, send, track, user, type Browser, type TestApp };

/** Ann and Cat on plan pro, Bob on free; all users. */
export async function seedPeople(t: TestApp): Promise<void> {
  await send(t, identify("ann", { name: "Ann", email: "ann@example.test", plan: "pro" }), identify("bob", { name: "Bob", email: "bob@example.test", plan: "free" }), identify("cat", { name: "Cat", email: "cat@example.test", plan: "pro" }));
}

/** A saved segment "plan is pro" (users), through the domain. */
export async function proSegment(t: TestApp, name = "Pro users"): Promise<Segment> {
  const body = { name, match: "all", conditions: [{ attribute: "role", op: "eq", value: "user" }, { attribute: "custom_attributes.plan", op: "eq", value: "pro" }] };
  return await createSegment(t.ctx, t.workspace.id, body);
}

/** The builder's query string for rows `[field, op, value]` (as the form sends them). */
export function builderQuery(rows: [string, string, string][], extra: Record<string, string> = {}): string {
  const p = new URLSearchParams({ match: "all", person: "users", ...extra });
  for (const [field, op, value] of rows) {
    p.append("cf", field);
    p.append("co", op);
    p.append("cv", value);
    p.append("cd", "");
    p.append("pf", field);
    p.append("po", op);
  }
  return p.toString();
}

/** The live count in a builder response. */
export function liveCount(html: string): number | undefined {
  const m = /id="segment-count"[^>]*><strong>([\d,]+)<\/strong>/.exec(html);
  return m ? Number(m[1]!.replace(/,/g, "")) : undefined;
}

/** A form POST with repeated fields, as a same-origin browser sends the builder form. */
export function postPairs(t: TestApp, me: Browser, path: string, pairs: [string, string][], headers: Record<string, string> = {}) {
  const body = new URLSearchParams([["_csrf", me.csrf], ...pairs]);
  return t.app.request(path, {
    method: "POST", body,
    headers: { cookie: me.cookie, "content-type": "application/x-www-form-urlencoded", origin: t.ctx.config.PUBLIC_URL, "sec-fetch-site": "same-origin", ...headers },
  });
}
