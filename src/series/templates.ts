import type { SeriesDefinition, Step } from "./inputs.js";

export interface SeriesTemplate {
  key: string;
  name: string;
  description: string;
  definition: SeriesDefinition;
}

const KEY_ACTION = "project_created";
const LOGIN = "login";
const performed = (event: string) => ({ match: "all" as const, conditions: [{ event, op: "performed" as const }] });
const email = (id: string, name: string, subject: string, body: string): Step => ({ id, type: "send", name, channel: "email", variants: [{ subject, body }] });
const days = (id: string, amount: number): Step => ({ id, type: "wait", mode: "duration", duration: { amount, unit: "days" } });

/**
 * 14-day trial onboarding: day 1 greeting; day 3 nudge if stalled (no key action yet); day 7 depends on the key
 * action; day 13 one of four — active (key action and a login in the last 3 days), sleeping (3–10 logins without
 * the key action), dead (no activity at all), passive (everyone else: key action but quiet lately, or a few logins).
 */
const trial: SeriesDefinition = {
  entry: { type: "date", attribute: "signed_up_at", days: 0 },
  steps: [
    email("day1_welcome", "Day 1 · Welcome", "Welcome aboard", "Hi {{ contact.name | default: \"there\" }}, your 14-day trial has started. Create your first project to see how it works."),
    days("wait_to_day3", 2),
    {
      id: "day3_stalled", type: "split", mode: "condition",
      branches: [{ label: "Stalled: no project yet", condition: { match: "all", conditions: [{ event: KEY_ACTION, op: "not_performed" }] }, steps: [
        email("day3_nudge", "Day 3 · Nudge", "Your first project takes two minutes", "Hi {{ contact.name | default: \"there\" }}, most teams start with one small project. Want a hand?"),
      ] }],
      otherwise: { label: "On track", steps: [] },
    },
    days("wait_to_day7", 4),
    {
      id: "day7_key_action", type: "split", mode: "condition",
      branches: [{ label: "Did the key action", condition: performed(KEY_ACTION), steps: [
        email("day7_next", "Day 7 · Next steps", "Nice work — here is what to try next", "You created a project. Invite a teammate to get the most out of your trial."),
      ] }],
      otherwise: { label: "No key action", steps: [
        email("day7_help", "Day 7 · Need help?", "Stuck? Let us set it up with you", "Reply to this email and we will help you create your first project."),
      ] },
    },
    days("wait_to_day13", 6),
    {
      id: "day13_activity", type: "split", mode: "condition",
      branches: [
        { label: "Active", condition: { match: "all", conditions: [{ event: KEY_ACTION, op: "performed" }, { event: LOGIN, op: "last_less_than_days_ago", value: 3 }] }, steps: [
          email("day13_active", "Day 13 · Active", "Your trial ends tomorrow — keep your projects", "You are getting real value. Pick a plan to keep everything running."),
        ] },
        { label: "Sleeping: 3–10 logins, no key action", condition: { match: "all", conditions: [{ event: KEY_ACTION, op: "not_performed" }, { event: LOGIN, op: "count_gte", value: 3 }, { event: LOGIN, op: "count_lte", value: 10 }] }, steps: [
          email("day13_sleeping", "Day 13 · Sleeping", "You looked around — shall we extend your trial?", "You logged in a few times but have not created a project. Want 7 more days?"),
        ] },
        { label: "Dead: no activity", condition: { match: "all", conditions: [{ event: KEY_ACTION, op: "not_performed" }, { event: LOGIN, op: "not_performed" }] }, steps: [
          email("day13_dead", "Day 13 · Dead", "Was it something we said?", "Your trial ends tomorrow. One question: what were you hoping to do?"),
        ] },
      ],
      otherwise: { label: "Passive", steps: [
        email("day13_passive", "Day 13 · Passive", "Your trial ends tomorrow", "A quick reminder: your trial ends tomorrow. Here is a summary of what you set up."),
      ] },
    },
  ],
  goal: { event: "subscription_started" },
  exits: [{ event: "account_deleted" }],
  reentry: "never",
};

const followUp: SeriesDefinition = {
  entry: { type: "event", event: "project_created" },
  steps: [
    {
      id: "wait_invite", type: "wait", mode: "event", event: "teammate_invited", timeout: { amount: 3, unit: "days" },
      yes: [{ id: "tag_team", type: "act", action: "tag_add", tag: "team-account" }],
      no: [email("invite_nudge", "Invite nudge", "Projects are better together", "Invite a teammate to your new project.")],
    },
  ],
  goal: null,
  exits: [],
  reentry: "never",
};

export const TEMPLATES: readonly SeriesTemplate[] = [
  { key: "trial_onboarding", name: "14-day trial onboarding", description: "Day 1 greeting, day 3 nudge if stalled, day 7 by the key action, day 13 one of four: active, passive, sleeping, dead.", definition: trial },
  { key: "invite_follow_up", name: "Invite follow-up", description: "After a project is created, wait up to 3 days for a teammate invite: tag them, or nudge.", definition: followUp },
  { key: "blank", name: "Blank series", description: "Added by API or by hand; add your own blocks.", definition: { entry: { type: "manual" }, steps: [], goal: null, exits: [], reentry: "never" } },
];

/** A template by key (deep-copied, so callers may edit it). */
export function findTemplate(key: string): SeriesTemplate | undefined {
  const t = TEMPLATES.find((x) => x.key === key);
  return t ? structuredClone(t) : undefined;
}
