import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { get, makeTestApp, owner, proSegment, seedPeople, type Browser, type TestApp } from "./helpers.js";

let t: TestApp;
let me: Browser;
beforeEach(async () => {
  t = makeTestApp();
  me = owner(t);
  await seedPeople(t);
});
afterEach(() => t.close());

/** The Save button's own name/value: what a browser without scripts submits with the builder form. */
const saveToken = (html: string) => /<button[^>]*id="segment-save"[^>]*>/.exec(html)?.[0].match(/name="_csrf" value="([^"]+)"/)?.[1];

describe("saving a segment without scripts", () => {
  it("carries the CSRF token on the Save button only, for new and existing segments", async () => {
    const fresh = await (await get(t, "/segments/new", me)).text();
    expect(saveToken(fresh)).toBe(me.csrf);
    const seg = await proSegment(t);
    expect(saveToken(await (await get(t, `/segments/${seg.id}`, me)).text())).toBe(me.csrf);
  });
});
