import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findContactByExternalId } from "../../src/contacts/index.js";
import { getSegment, renameTagIn, updateSegment } from "../../src/segments/index.js";
import { findOrCreateTag, renameTag, tagContact } from "../../src/tags/index.js";
import { identify, makeSegment, members, segTest, send, type SegTest } from "./helpers.js";

let t: SegTest;
beforeEach(() => {
  t = segTest();
});
afterEach(() => t.close());

describe("renaming a tag", () => {
  it("rewrites only the conditions naming it, nested groups included", () => {
    const def = { match: "all", conditions: [{ tag: "vip", op: "has" }, { match: "any", conditions: [{ tag: "vip", op: "has_not" }, { tag: "other", op: "has" }] }, { attribute: "name", op: "eq", value: "vip" }] };
    expect(renameTagIn(def, "vip", "VIP customers")).toEqual({
      match: "all",
      conditions: [{ tag: "VIP customers", op: "has" }, { match: "any", conditions: [{ tag: "VIP customers", op: "has_not" }, { tag: "other", op: "has" }] }, { attribute: "name", op: "eq", value: "vip" }],
    });
    const untouched = { match: "all", conditions: [{ tag: "other", op: "has" }] };
    expect(renameTagIn(untouched, "vip", "x")).toBe(untouched);
  });

  it("keeps segments that name the tag working and editable", async () => {
    await send(t, identify("u1"), identify("u2"));
    const ws = t.workspace.id;
    const vip = findOrCreateTag(t.ctx, ws, "vip");
    tagContact(t.ctx, ws, findContactByExternalId(t.ctx, ws, "u1")!.id, vip.id);
    const seg = await makeSegment(t, { match: "all", conditions: [{ match: "any", conditions: [{ tag: "vip", op: "has" }] }] });
    expect(members(t, seg.id)).toEqual(["u1"]);

    renameTag(t.ctx, ws, vip.id, "VIP customers");
    const stored = getSegment(t.ctx, ws, seg.id);
    expect(stored.definition).toEqual({ match: "all", conditions: [{ match: "any", conditions: [{ tag: "VIP customers", op: "has" }] }] });
    expect(members(t, seg.id)).toEqual(["u1"]);
    // Saving the stored definition again compiles strictly: the old name would be refused as an unknown tag.
    expect(() => updateSegment(t.ctx, ws, seg.id, { name: stored.name, ...stored.definition })).not.toThrow();

    tagContact(t.ctx, ws, findContactByExternalId(t.ctx, ws, "u2")!.id, vip.id);
    await send(t, identify("u2", { plan: "pro" }));
    expect(members(t, seg.id)).toEqual(["u1", "u2"]);
  });
});
