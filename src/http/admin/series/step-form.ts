import { invalid } from "../../../lib/errors.js";
import type { Step } from "../../../series/index.js";

type Form = Record<string, string>;

const num = (f: Form, key: string): number => {
  const v = Number(f[key]);
  if (f[key] === undefined || f[key]!.trim() === "" || !Number.isFinite(v)) throw invalid(key, `${key}: must be a number`);
  return v;
};
const json = (f: Form, key: string): unknown => {
  try {
    return JSON.parse(f[key] ?? "");
  } catch {
    throw invalid(key, `${key}: is not valid JSON`);
  }
};
const scalar = (s: string): string | number | boolean => (s === "true" ? true : s === "false" ? false : s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : s);

/**
 * Reads a block's edit form into a step of the same kind (the series domain validates the result).
 * Numbered fields (`label_0`, `percent_1`…) are the branches; `remove_N` drops one, `add_branch` appends one.
 */
export function stepFromForm(old: Step, f: Form): Step {
  const id = old.id;
  if (old.type === "send") {
    const variants = [0, 1]
      .filter((i) => (f[`body_${i}`] ?? "").trim() !== "" || (f[`subject_${i}`] ?? "").trim() !== "")
      .map((i) => ({ ...(f[`subject_${i}`]?.trim() ? { subject: f[`subject_${i}`]!.trim() } : {}), body: f[`body_${i}`] ?? "", weight: num(f, `weight_${i}`) }));
    return { id, type: "send", name: f.name ?? "", channel: (f.channel ?? "email") as never, variants, ...(old.bypassCap ? { bypassCap: true } : {}) };
  }
  if (old.type === "wait" && old.mode === "duration") return { id, type: "wait", mode: "duration", duration: { amount: num(f, "amount"), unit: (f.unit ?? "days") as never } };
  if (old.type === "wait" && old.mode === "time_of_day") return { id, type: "wait", mode: "time_of_day", hour: num(f, "hour"), minute: num(f, "minute") };
  if (old.type === "wait") {
    const where = json(f, "where") as never[];
    return { id, type: "wait", mode: "event", event: f.event ?? "", ...(Array.isArray(where) && where.length ? { where } : {}), timeout: { amount: num(f, "amount"), unit: (f.unit ?? "days") as never }, yes: old.mode === "event" ? old.yes : [], no: old.mode === "event" ? old.no : [] };
  }
  if (old.type === "split") {
    const kept = old.branches.map((_, i) => i).filter((i) => f[`remove_${i}`] !== "1");
    if (old.mode === "condition") {
      const branches = kept.map((i) => ({ label: f[`label_${i}`] ?? "", condition: json(f, `condition_${i}`) as never, steps: old.branches[i]!.steps }));
      if (f.add_branch === "1") branches.push({ label: `Branch ${branches.length + 1}`, condition: { match: "all", conditions: [] } as never, steps: [] });
      return { id, type: "split", mode: "condition", branches, otherwise: { label: f.otherwise ?? "Otherwise", steps: old.otherwise.steps } };
    }
    const branches = kept.map((i) => ({ label: f[`label_${i}`] ?? "", percent: num(f, `percent_${i}`), steps: old.branches[i]!.steps }));
    if (f.add_branch === "1") branches.push({ label: String.fromCharCode(65 + branches.length), percent: 0, steps: [] });
    return { id, type: "split", mode: "random", branches };
  }
  const action = (f.action ?? "tag_add") as "tag_add" | "tag_remove" | "set_attribute";
  return action === "set_attribute"
    ? { id, type: "act", action, attribute: f.attribute?.trim() ?? "", value: scalar(f.value ?? "") }
    : { id, type: "act", action, tag: f.tag?.trim() ?? "" };
}
