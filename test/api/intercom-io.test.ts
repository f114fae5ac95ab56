import { createRequire } from "node:module";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listContactTags } from "../../src/tags/index.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { listen, type Listening } from "../helpers/http-server.js";
import { makeContact } from "./factories.js";

// The 2014-era community client (API 1.x): Basic auth with the token as username, endpoint + path joining.
type Reply = Record<string, unknown> & { meta: Record<string, string> };
interface LegacyClient {
  createTag(tag: unknown): Promise<Reply>;
  createCompany(company: unknown): Promise<Reply>;
  listAdmins(): Promise<Reply>;
  listSegments(): Promise<Reply>;
}
const Intercom = createRequire(import.meta.url)("intercom.io") as new (opts: { personalAccessToken: string; endpoint: string }) => LegacyClient;

let t: TestApp;
let server: Listening;
let intercom: LegacyClient;

beforeEach(async () => {
  t = makeTestApp();
  server = await listen(t.app);
  intercom = new Intercom({ personalAccessToken: t.token, endpoint: `${server.url}/api/` });
});
afterEach(async () => {
  await server.close();
  t.close();
});

describe("intercom.io 1.5", () => {
  it("createTag with users[] tags the contact found by user_id", async () => {
    const ben = makeContact(t, { externalId: "7902" });
    const tag = await intercom.createTag({ name: "Beta", users: [{ user_id: "7902" }] });
    expect(tag).toMatchObject({ type: "tag", name: "Beta" });
    expect(listContactTags(t.ctx, ben.id).map((x) => x.name)).toEqual(["Beta"]);
    await intercom.createTag({ name: "Beta", users: [{ user_id: "7902", untag: true }] });
    expect(listContactTags(t.ctx, ben.id)).toEqual([]);
  });

  it("createCompany upserts by company_id and exposes rate-limit headers as meta", async () => {
    const co = await intercom.createCompany({ company_id: "6", name: "Intercom", plan: "Messaging", monthly_spend: 50 });
    expect(co).toMatchObject({ type: "company", company_id: "6", name: "Intercom", monthly_spend: 50, plan: { name: "Messaging" } });
    expect(co.meta).toEqual({ ratelimit_limit: "1666", ratelimit_remaining: "1665", ratelimit_reset: expect.stringMatching(/^\d+$/) });
  });

  it("listAdmins and listSegments answer without error keys", async () => {
    const admins = await intercom.listAdmins();
    expect(admins).toMatchObject({ type: "admin.list", admins: [{ type: "admin", id: "0" }] });
    expect(await intercom.listSegments()).toMatchObject({ type: "segment.list", segments: [] });
  });

  // intercom.io 1.5 means to reject on an error body, but its IntercomError constructor throws a
  // ReferenceError that the library swallows, so the error list comes back as the resolved value.
  it("answers a bad token with the 401 error list", async () => {
    const bad = new Intercom({ personalAccessToken: "nope", endpoint: `${server.url}/api/` });
    expect(await bad.listAdmins()).toMatchObject({ type: "error.list", errors: [{ code: "unauthorized", message: "Access Token Invalid" }] });
  });
});
