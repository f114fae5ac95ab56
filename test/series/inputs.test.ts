import { describe, expect, it } from "vitest";
import { AppError } from "../../src/lib/errors.js";
import { parseSeriesDefinition } from "../../src/series/index.js";

const def = (steps: unknown[], extra: Record<string, unknown> = {}) => ({ entry: { type: "manual" }, steps, ...extra });
const split = (steps: unknown[]) => ({ id: "s", type: "split", mode: "condition", branches: [{ label: "x", condition: { match: "all", conditions: [] }, steps }], otherwise: { label: "o", steps: [] } });

/** [definition, field the 400 names] */
const BAD: [unknown, string][] = [
  [def([{ id: "a", type: "wait", mode: "duration", duration: { amount: 1, unit: "weeks" } }]), "steps[0].duration.unit"],
  [def([{ id: "a", type: "wait", mode: "never" }]), "steps[0].mode"],
  [def([{ id: "a", type: "bogus" }]), "steps[0].type"],
  [def([split([{ id: "b", type: "send", name: "n", channel: "fax", variants: [{ body: "x" }] }])]), "steps[0].branches[0].steps[0].channel"],
  [def([{ id: "Bad Id", type: "act", action: "tag_add", tag: "x" }]), "steps[0].id"],
  [def([{ id: "a", type: "act", action: "tag_add", tag: "x" }, { id: "a", type: "act", action: "tag_add", tag: "y" }]), "steps[1].id"],
  [def([{ id: "a", type: "act", action: "set_attribute" }]), "steps[0].attribute"],
  [def([{ id: "r", type: "split", mode: "random", branches: [{ label: "A", percent: 60, steps: [] }, { label: "B", percent: 30, steps: [] }] }]), "steps[0].branches"],
  [def([split([])].map((s) => ({ ...s, branches: [{ label: "x", condition: { match: "all", conditions: [{ tag: "t", op: "maybe" }] }, steps: [] }] }))), "steps[0].branches[0].condition.conditions[0].op"],
  [def([], { reentry: "sometimes" }), "reentry"],
  [{ entry: { type: "date", attribute: "signed_up_at" }, steps: [] }, "entry.days"],
  [def([], { surprise: 1 }), "surprise"],
];

describe("series definitions", () => {
  it.each(BAD)("refuses %j naming %s", (raw, field) => {
    let err: unknown;
    try {
      parseSeriesDefinition(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("VALIDATION");
    expect((err as AppError).field).toBe(field);
  });

  it("accepts every template-shaped step and fills defaults", () => {
    const d = parseSeriesDefinition(def([{ id: "w", type: "wait", mode: "event", event: "login", timeout: { amount: 2, unit: "days" }, yes: [], no: [{ id: "t", type: "wait", mode: "time_of_day", hour: 9, minute: 30 }] }]));
    expect(d.reentry).toBe("never");
    expect(d.exits).toEqual([]);
  });
});
