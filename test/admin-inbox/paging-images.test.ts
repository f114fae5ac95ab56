import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listParts } from "../../src/conversations/index.js";
import { contactWrites, get, HX, listedIds, makeTestApp, owner, type Browser, type TestApp } from "./helpers.js";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

let t: TestApp;
let dir: string | undefined;
afterEach(() => {
  t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** "Load more" links in a list fragment, entity-decoded. */
const moreLinks = (html: string) => [...html.matchAll(/hx-get="([^"]*after=[^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));

describe("inbox list paging", () => {
  it("pages beyond 50 with keyset 'Load more' links: every conversation once, newest activity first", async () => {
    t = makeTestApp();
    const me = owner(t);
    const ids: number[] = [];
    for (let i = 0; i < 120; i++) {
      ids.push(contactWrites(t, `message ${i}`).conversation.id);
      if (i % 3 === 0) t.clock.advance(1000);
    }
    const seen: number[] = [];
    let html = await (await get(t, "/inbox/list?v=all", me, HX)).text();
    for (let page = 0; page < 5; page++) {
      seen.push(...listedIds(html));
      const [more] = moreLinks(html);
      if (!more) break;
      html = await (await get(t, more, me, HX)).text();
      expect(html).not.toContain('id="bulk-form"');
    }
    expect(seen).toHaveLength(120);
    expect(seen).toEqual([...ids].reverse());
  }, 30_000);
});

function multipart(who: Browser, fields: Record<string, string>, file?: { bytes: Buffer; name: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("file", new Blob([new Uint8Array(file.bytes)]), file.name);
  return { method: "POST", body: form, headers: { cookie: who.cookie, ...HX, "x-csrf-token": who.csrf, "sec-fetch-site": "same-origin" } };
}

describe("images from the inbox composer", () => {
  it("an operator sends an image with text; the thread shows it from /inbox/files, served with its sniffed type", async () => {
    dir = mkdtempSync(join(tmpdir(), "parley-inbox-up-"));
    t = makeTestApp({ config: { UPLOADS_DIR: dir, UPLOAD_MAX_BYTES: 2048 } });
    const me = owner(t);
    const { conversation } = contactWrites(t, "Can you show me?");
    const res = await t.app.request(`/inbox/${conversation.id}/reply`, multipart(me, { kind: "comment", body: "Like this" }, { bytes: PNG, name: "shot.png" }));
    expect(res.status).toBe(200);
    const html = await res.text();
    const src = /<img src="(\/inbox\/files\/up_[0-9a-z]{26})" alt="shot.png"/.exec(html)?.[1];
    expect(src).toBeDefined();
    const part = listParts(t.ctx, conversation.id).at(-1)!;
    expect(part.attachments[0]).toMatchObject({ contentType: "image/png", width: 1, height: 1 });
    const file = await get(t, src!, me);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await get(t, src!)).status).not.toBe(200);

    const bad = await t.app.request(`/inbox/${conversation.id}/reply`, multipart(me, { kind: "comment", body: "" }, { bytes: Buffer.from("GIF? no, text"), name: "x.gif" }));
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Only images can be attached");
    expect(listParts(t.ctx, conversation.id)).toHaveLength(2);
  });
});
