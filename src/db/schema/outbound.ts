import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts } from "./contacts.js";
import { operators, workspaces } from "./workspaces.js";

export const MESSAGE_CHANNELS = ["email", "chat", "post", "banner", "notification"] as const;
export const MESSAGE_KINDS = ["one_off", "ongoing", "series"] as const;
/**
 * draft → scheduled → sending → sent (one-off), or draft → live ⇄ paused (ongoing, series steps);
 * any of them → cancelled (sending stops, queued deliveries are cancelled) or archived.
 */
export const MESSAGE_STATUSES = ["draft", "scheduled", "sending", "sent", "live", "paused", "cancelled", "archived"] as const;
export const DELIVERY_STATUSES = [
  /** Waiting for the sender (email) or for the contact's next page view (in-app). */
  "queued",
  /** Taken by a sender: the claim is the status transition itself (UPDATE … WHERE status = 'queued'). */
  "claimed",
  /** Handed to SMTP / shown in the messenger. */
  "sent",
  /** Permanent failure (bounce at RCPT, suppressed address, no email…); `error` says why. */
  "failed",
  /** Not sent by rule: frequency cap, expiry, the contact left the audience, unsubscribed. `error` says which. */
  "skipped",
  /** The A/B control group: counted for the goal, never sent. */
  "control",
  "cancelled",
] as const;

export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * An outbound message ("campaign"): who (audience), when (schedule or trigger), how often, what goal.
 * The JSON columns are validated by zod in src/outbound (inputs.ts) and stored already parsed.
 * Series send steps are messages too (`kind = 'series'`, `series_id` set), so every report reads one table.
 */
export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: MESSAGE_KINDS }).notNull(),
    channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull(),
    status: text("status", { enum: MESSAGE_STATUSES }).notNull().default("draft"),
    /** `{ segmentId? , filter? (segment definition), contactId?, percent?, excludeSegmentIds? }` */
    audience: text("audience", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    /** Ongoing only: `{ type: 'segment_entered' | 'event' | 'attribute_changed' | 'tag_added' | 'date_attribute' | 'inactive', … }` */
    trigger: text("trigger", { mode: "json" }).$type<Record<string, unknown> | null>(),
    /** `{ mode: 'once' | 'every_time' | 'every_n_days', days? }` */
    frequency: text("frequency", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({ mode: "once" }),
    /** In-app display rules: `{ urlPattern?, delaySeconds?, position? }` */
    display: text("display", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    /** `{ event, where?, withinDays }` or `{ attribute, op, value, withinDays }` */
    goal: text("goal", { mode: "json" }).$type<Record<string, unknown> | null>(),
    /** Sends only inside `{ startHour, endHour, days? }` of the contact's time zone. */
    deliveryWindow: text("delivery_window", { mode: "json" }).$type<Record<string, unknown> | null>(),
    /** Skips the workspace's per-contact frequency cap. */
    bypassCap: integer("bypass_cap", { mode: "boolean" }).notNull().default(false),
    priority: integer("priority").notNull().default(0),
    /** 0–50: share of the audience kept as an A/B control group (never sent). */
    controlPercent: integer("control_percent").notNull().default(0),
    /** Promote the winning variant on its own once the test is significant and past the minimum sample. */
    autoPromote: integer("auto_promote", { mode: "boolean" }).notNull().default(false),
    winnerVariantId: text("winner_variant_id"),
    /**
     * What the A/B test is judged on, chosen by the operator: 'goal' | 'opened' | 'clicked' | 'replied' | 'answered'
     * (which ones a channel allows: src/outbound/abtest-metric.ts). Null = automatic (the goal when set, else what the
     * content invites: clicks for a link, opens for an email without one, replies for a chat).
     */
    abMetric: text("ab_metric"),
    /** Deliveries per minute; null = as fast as the mailer allows. */
    sendRate: integer("send_rate"),
    /** Sender identity override: `{ name, email }`; null = the workspace's. */
    sender: text("sender", { mode: "json" }).$type<{ name?: string; email?: string } | null>(),
    seriesId: text("series_id"),
    scheduledAt: integer("scheduled_at"),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
    expiresAt: integer("expires_at"),
    /** One-off: set once every audience member has a delivery row (a restart resumes enqueueing until then). */
    audienceEnqueuedAt: integer("audience_enqueued_at"),
    /** Ongoing time triggers (date attribute, inactivity) have fired for every threshold crossed up to here. */
    timeTriggersAt: integer("time_triggers_at"),
    createdBy: integer("created_by").references(() => operators.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("messages_ws").on(t.workspaceId, t.createdAt),
    index("messages_status").on(t.status, t.scheduledAt),
    index("messages_series").on(t.seriesId),
  ],
);

/**
 * What a message says. Every message has at least one variant ("A"); 2–4 make an A/B test. `weight` is the
 * share of the sent (non-control) audience. `content` holds channel-specific parts: quick-reply buttons
 * `{ replies: [{ label, value }], attribute? }`, a banner button `{ button: { label, url } }`, custom MJML layout.
 */
export const messageVariants = sqliteTable(
  "message_variants",
  {
    id: text("id").primaryKey(),
    messageId: text("message_id").notNull().references(() => messages.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    weight: integer("weight").notNull().default(100),
    subject: text("subject"),
    preheader: text("preheader"),
    body: text("body").notNull().default(""),
    bodyFormat: text("body_format", { enum: ["markdown", "html"] }).notNull().default("markdown"),
    content: text("content", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("message_variants_label").on(t.messageId, t.label)],
);

/**
 * The queue and the record: one row per message + contact + channel + occurrence (an ongoing message that fires
 * "every time" or a series re-entry adds occurrences). Outcome columns hold the first time each thing happened.
 */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    messageId: text("message_id").notNull().references(() => messages.id, { onDelete: "cascade" }),
    /** Null for the control group. */
    variantId: text("variant_id"),
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull(),
    occurrence: integer("occurrence").notNull().default(0),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("queued"),
    /** Series enrollment that asked for this send, if any. */
    enrollmentId: text("enrollment_id"),
    attempts: integer("attempts").notNull().default(0),
    /** Earliest time a sender may take it (schedule, retry backoff, quiet hours). */
    notBefore: integer("not_before").notNull(),
    claimedAt: integer("claimed_at"),
    /**
     * Email: set by its own committed write just before the message goes to the SMTP transport (cleared when it
     * goes back to the queue). A `claimed` row with it set is the one ambiguous state after a crash: the server may
     * have the message. The sender resends those with the same Message-ID (src/outbound/CONTEXT.md).
     */
    sendingAt: integer("sending_at"),
    sentAt: integer("sent_at"),
    seenAt: integer("seen_at"),
    openedAt: integer("opened_at"),
    clickedAt: integer("clicked_at"),
    repliedAt: integer("replied_at"),
    dismissedAt: integer("dismissed_at"),
    goalAt: integer("goal_at"),
    unsubscribedAt: integer("unsubscribed_at"),
    bouncedAt: integer("bounced_at"),
    /** Quick-reply value the contact chose. */
    answer: text("answer"),
    conversationId: integer("conversation_id"),
    smtpMessageId: text("smtp_message_id"),
    error: text("error"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("deliveries_unique").on(t.messageId, t.contactId, t.channel, t.occurrence),
    // The sender's claim: oldest due first.
    index("deliveries_due").on(t.status, t.notBefore).where(sql`${t.status} IN ('queued', 'claimed')`),
    // Frequency cap and the contact's message history.
    index("deliveries_contact").on(t.contactId, t.sentAt),
    index("deliveries_message").on(t.messageId, t.status),
    // The sender's claim per message: its due rows in order, read straight off the index.
    index("deliveries_message_due").on(t.messageId, t.status, t.notBefore),
  ],
);

/**
 * What an ongoing message's state trigger last saw for a contact (`attribute_changed`: the attribute's value as
 * JSON; `tag_added`: "1" when tagged). A change is the new value differing from this row; launching records the
 * current values, so contacts who already matched do not fire.
 */
export const messageTriggerStates = sqliteTable(
  "message_trigger_states",
  {
    messageId: text("message_id").notNull().references(() => messages.id, { onDelete: "cascade" }),
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    value: text("value"),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.contactId] })],
);
