import type { MessageChannel } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";

const fail = (field: string, message: string) => invalid(field, `${field}: ${message}`, "parameter_invalid");

/** Figures an A/B test can be judged on. */
export const AB_METRICS = ["goal", "opened", "clicked", "replied", "answered"] as const;
export type AbMetric = (typeof AB_METRICS)[number];

/**
 * Which figures mean something on each channel: an email is opened and clicked (a reply to it is not tracked);
 * a chat is replied to or answered with a quick reply; in-app formats are opened from the messenger, clicked
 * (links, a banner's button), answered with quick replies, and posts and notifications can be replied to.
 * The goal is available on every channel once the message has one.
 */
export const AB_METRICS_BY_CHANNEL: Record<MessageChannel, readonly AbMetric[]> = {
  email: ["goal", "opened", "clicked"],
  chat: ["goal", "replied", "answered"],
  post: ["goal", "opened", "clicked", "replied", "answered"],
  banner: ["goal", "clicked", "answered"],
  notification: ["goal", "opened", "clicked", "replied", "answered"],
};

/** Whether `metric` can judge a message on `channel` with (or without) a goal. */
export function abMetricAllowed(metric: AbMetric, channel: MessageChannel, hasGoal: boolean): boolean {
  return AB_METRICS_BY_CHANNEL[channel].includes(metric) && (metric !== "goal" || hasGoal);
}

/** Refuses a chosen metric the message's channel cannot measure (VALIDATION on `abMetric`). */
export function checkAbMetric(m: { abMetric: string | null; channel: MessageChannel; goal: unknown }): void {
  if (m.abMetric === null) return;
  const metric = m.abMetric as AbMetric;
  if (metric === "goal" && !m.goal) throw fail("abMetric", "judging on the goal needs a goal: set one, or pick another figure");
  if (!abMetricAllowed(metric, m.channel, true)) {
    const article = /^[aeiou]/.test(m.channel) ? "an" : "a";
    throw fail("abMetric", `${article} ${m.channel} message cannot be judged on '${metric}' (choose ${AB_METRICS_BY_CHANNEL[m.channel].join(", ")})`);
  }
}
