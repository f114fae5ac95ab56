import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findContact } from "../../src/contacts/index.js";
import { addPart, listParts } from "../../src/conversations/index.js";
import { operators } from "../../src/db/schema/index.js";
import { MINUTE } from "../../src/lib/clock.js";
import { hubFor, operatorConnected } from "../../src/realtime/index.js";
import { makeOperator } from "../api/factories.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { boot, call, configureIdentity, userHash, visitor, type Json } from "../widget/helpers.js";

/** The smallest valid PNG (1×1), and a JPEG header with a 640×480 frame. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0, 0, 0, 0, 0, 0]);

let t: TestApp;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "parley-up-"));
  t = makeTestApp({ config: { UPLOADS_DIR: dir, UPLOAD_MAX_BYTES: 4096, WIDGET_BOOT_RATE_LIMIT: 5, TRUST_PROXY: 1 } as never });
});
afterEach(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

const session = async (body: Record<string, unknown> = {}) => (await boot(t, { anonymous_id: visitor(), ...body })).json;

function uploadReq(token: string, path: string, file: Buffer, name = "photo.png", type = "image/png", fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", new Blob([new Uint8Array(file)], { type }), name);
  return t.app.request(path, { method: "POST", headers: { authorization: `Bearer ${token}`, origin: "https://shop.example" }, body: form });
}

describe("images from the widget", () => {
  it("starts a conversation with an image: sniffed type and size stored, served to its contact only with safe headers", async () => {
    const s = await session();
    const res = await uploadReq(s.session, "/messenger/attachments", PNG, "../../etc/pic\u0001.png", "text/html", { client_message_id: "img-1" });
    expect(res.status).toBe(201);
    const json = (await res.json()) as Json;
    const att = json.part.attachments[0];
    expect(att).toMatchObject({ type: "upload", name: "pic.png", contentType: "image/png", filesize: PNG.length, width: 1, height: 1 });
    expect(att.url).toMatch(/^\/messenger\/files\/up_[0-9a-z]{26}$/);
    expect(readdirSync(dir).sort()).toEqual([att.url.slice(17), `${att.url.slice(17)}.json`].sort());

    const own = await t.app.request(`${att.url}?session=${encodeURIComponent(s.session)}`);
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toBe("image/png");
    expect(own.headers.get("x-content-type-options")).toBe("nosniff");
    expect(own.headers.get("content-disposition")).toBe(`inline; filename="pic.png"; filename*=UTF-8''pic.png`);
    expect(own.headers.get("content-security-policy")).toContain("sandbox");
    expect(Buffer.from(await own.arrayBuffer()).equals(PNG)).toBe(true);

    const other = await session();
    expect((await t.app.request(`${att.url}?session=${encodeURIComponent(other.session)}`)).status).toBe(404);
    expect((await t.app.request(att.url)).status).toBe(401);
    expect((await t.app.request(`/messenger/files/..%2F..%2Fetc%2Fpasswd?session=${encodeURIComponent(s.session)}`)).status).toBe(404);
  });

  it("replies with an image (JPEG size read), refuses non-images by content and files over the limit", async () => {
    const s = await session();
    const started = await call(t, s.session, "POST", "/messenger/conversations", { body: "hello" });
    const id = started.json.conversation.id as string;
    const ok = await uploadReq(s.session, `/messenger/conversations/${id}/attachments`, JPEG, "cam.jpg", "image/jpeg", { body: "see this" });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as Json).part).toMatchObject({ body: "<p>see this</p>", attachments: [{ contentType: "image/jpeg", width: 640, height: 480 }] });

    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const bad = await uploadReq(s.session, `/messenger/conversations/${id}/attachments`, svg, "x.png", "image/png");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json)).toMatchObject({ field: "file" });
    const big = await uploadReq(s.session, `/messenger/conversations/${id}/attachments`, Buffer.concat([PNG, Buffer.alloc(5000)]));
    expect(big.status).toBe(413);
    const huge = await uploadReq(s.session, `/messenger/conversations/${id}/attachments`, Buffer.concat([PNG, Buffer.alloc(200_000)]));
    expect(huge.status).toBe(413);
    const other = await session();
    expect((await uploadReq(other.session, `/messenger/conversations/${id}/attachments`, PNG)).status).toBe(404);
    expect(listParts(t.ctx, Number(id)).filter((p) => p.attachments.length > 0)).toHaveLength(1);
  });
});

describe("replies by email for anonymous visitors", () => {
  it("a visitor leaves an email on its lead; an invalid one is a 400 naming the field", async () => {
    const v = visitor();
    const s = await session({ anonymous_id: v });
    expect(s.contact.has_email).toBe(false);
    expect((await call(t, s.session, "POST", "/messenger/email", { email: "nope" })).json).toMatchObject({ field: "email" });
    const ok = await call(t, s.session, "POST", "/messenger/email", { email: "visitor@example.test" });
    expect(ok).toMatchObject({ status: 200, json: { has_email: true } });
    expect(findContact(t.ctx, t.workspace.id, s.contact.id)).toMatchObject({ role: "lead", email: "visitor@example.test" });
    expect((await session({ anonymous_id: v })).contact.has_email).toBe(true);
  });

  it("a verified user's email is not changed from the widget under enforcement", async () => {
    configureIdentity(t, true);
    const s = await session({ user_id: "u-1", user_hash: userHash("u-1") });
    expect((await call(t, s.session, "POST", "/messenger/email", { email: "x@example.test" })).status).toBe(403);
  });
});

describe("team and boot limits", () => {
  it("boot names the team and whether anyone is online (away mode counts as not)", async () => {
    const op = makeOperator(t, { name: "Ada Lovelace" });
    expect((await session()).team).toEqual({ online: false, operators: [{ id: String(op.id), name: "Ada Lovelace", away: false }] });
    const off = operatorConnected(hubFor(t.ctx), t.workspace.id, op.id);
    expect((await session()).team.online).toBe(true);
    t.ctx.db.update(operators).set({ awayMode: true }).where(eq(operators.id, op.id)).run();
    const s = await session();
    expect(s.team).toEqual({ online: false, operators: [{ id: String(op.id), name: "Ada Lovelace", away: true }] });
    off();
    const conv = await call(t, s.session, "POST", "/messenger/conversations", { body: "hi" });
    addPart(t.ctx, t.workspace.id, conv.json.conversation.id, { author: { type: "operator", operatorId: op.id }, body: "hello" });
    expect((await call(t, s.session, "GET", "/messenger/conversations")).json.team.operators[0].name).toBe("Ada Lovelace");
  });

  it("more boots than WIDGET_BOOT_RATE_LIMIT per minute from one address get a 429 with Retry-After; others and the next minute pass", async () => {
    const from = (ip: string) => t.app.request("/messenger/boot", {
      method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify({ app_id: t.workspace.idCode, anonymous_id: visitor() }),
    });
    for (let i = 0; i < 5; i++) expect((await from("203.0.113.9")).status).toBe(200);
    const refused = await from("203.0.113.9");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as Json).message).toMatch(/at most 5 per minute/);
    expect((await from("198.51.100.7")).status).toBe(200);
    t.clock.advance(MINUTE);
    expect((await from("203.0.113.9")).status).toBe(200);
  });
});
