import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { withTx } from "../../src/context.js";
import { createContact, mergeContactRows } from "../../src/contacts/index.js";
import { deliveries } from "../../src/db/schema/index.js";
import { enqueueDelivery, getMessage } from "../../src/outbound/index.js";
import { createSeries, currentVersion, enrollContact, getSeries, launchSeries, listContactEnrollments } from "../../src/series/index.js";
import { findOrCreateTag, renameTag } from "../../src/tags/index.js";
import { contact, message, outTest, type OutTest } from "./helpers.js";

let t: OutTest;
beforeEach(() => {
  t = outTest();
});
afterEach(() => t.close());

const ws = () => t.workspace.id;
const lead = () => createContact(t.ctx, ws(), { role: "lead" });

describe("deliveries and enrollments follow contact merges and tag renames", () => {
  it("moves a merged lead's deliveries to the user, keeping the user's own row on a clash", () => {
    const post = message(t, { kind: "one_off", channel: "post" });
    const other = message(t, { kind: "one_off", channel: "post" });
    const visitor = lead();
    const user = contact(t);
    const seen = enqueueDelivery(t.ctx, { workspaceId: ws(), messageId: post.id, contactId: visitor.id })!;
    enqueueDelivery(t.ctx, { workspaceId: ws(), messageId: other.id, contactId: visitor.id });
    const usersOwn = enqueueDelivery(t.ctx, { workspaceId: ws(), messageId: other.id, contactId: user.id })!;
    withTx(t.ctx, () => mergeContactRows(t.ctx, visitor, user, "identify"));
    const rows = t.ctx.db.select().from(deliveries).where(eq(deliveries.contactId, user.id)).all();
    expect(rows.map((r) => r.id).sort()).toEqual([seen.id, usersOwn.id].sort());
    expect(t.ctx.db.select().from(deliveries).where(eq(deliveries.contactId, visitor.id)).all()).toEqual([]);
  });

  it("rewrites message audiences and triggers that name a renamed tag", () => {
    const tag = findOrCreateTag(t.ctx, ws(), "vip");
    const m = message(t, {
      kind: "ongoing", channel: "email", variants: [{ subject: "Hi", body: "Hello" }],
      audience: { filter: { match: "all", conditions: [{ tag: "vip", op: "has" }] } },
      trigger: { type: "tag_added", tag: "vip" },
    });
    renameTag(t.ctx, ws(), tag.id, "VIP");
    const after = getMessage(t.ctx, ws(), m.id);
    expect(after.audience).toMatchObject({ filter: { conditions: [{ tag: "VIP", op: "has" }] } });
    expect(after.trigger).toEqual({ type: "tag_added", tag: "VIP" });
  });

  it("moves a merged lead's series enrollment and renames tags in series definitions", () => {
    findOrCreateTag(t.ctx, ws(), "trial");
    const tag = findOrCreateTag(t.ctx, ws(), "trial");
    const s = createSeries(t.ctx, ws(), { name: "Onboarding", definition: {
      entry: { type: "manual" },
      steps: [{ id: "w1", type: "wait", mode: "duration", duration: { amount: 2, unit: "days" } }, { id: "a1", type: "act", action: "tag_add", tag: "trial" }],
    } });
    launchSeries(t.ctx, ws(), s.id);
    const visitor = lead();
    const user = contact(t);
    const res = enrollContact(t.ctx, ws(), s.id, visitor.id, "api");
    expect("enrollment" in res).toBe(true);
    withTx(t.ctx, () => mergeContactRows(t.ctx, visitor, user, "identify"));
    expect(listContactEnrollments(t.ctx, s.id, user.id)).toHaveLength(1);
    expect(listContactEnrollments(t.ctx, s.id, visitor.id)).toHaveLength(0);

    renameTag(t.ctx, ws(), tag.id, "On trial");
    const version = currentVersion(t.ctx, getSeries(t.ctx, ws(), s.id));
    expect(version.definition.steps[1]).toMatchObject({ type: "act", tag: "On trial" });
  });
});
