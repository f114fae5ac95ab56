import { z } from "zod";
import { invalid } from "../lib/errors.js";

/** Longest message body accepted, in characters (Intercom's own limit is similar). */
export const MAX_BODY = 65_536;
export const MAX_ATTACHMENTS = 10;

/** Who does something to a conversation. Operator 0 is the API itself (a token without an operator). */
export const actorSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("contact"), contactId: z.string().min(1).max(255) }),
  z.object({ type: z.literal("operator"), operatorId: z.number().int().min(0) }),
  z.object({ type: z.literal("system") }),
]);
export type Actor = z.infer<typeof actorSchema>;

/** The reader of a conversation: its contact, or one operator. */
export const readerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("contact"), contactId: z.string().min(1).max(255) }),
  z.object({ type: z.literal("operator"), operatorId: z.number().int().min(0) }),
]);
export type Reader = z.infer<typeof readerSchema>;

export const attachmentSchema = z.object({
  type: z.literal("upload").default("upload"),
  name: z.string().min(1).max(255),
  url: z.string().max(2048).regex(/^(https?:\/\/|\/)/, "must be an http(s) URL or an absolute path"),
  contentType: z.string().max(255).nullable().default(null),
  filesize: z.number().int().nonnegative().nullable().default(null),
  width: z.number().int().nonnegative().nullable().default(null),
  height: z.number().int().nonnegative().nullable().default(null),
});

const message = {
  body: z.string().max(MAX_BODY).optional(),
  /** `text` is escaped; `html` (operators only) is sanitized. A contact's body is always text. */
  format: z.enum(["text", "html"]).default("text"),
  attachments: z.array(attachmentSchema).max(MAX_ATTACHMENTS).default([]),
  clientMessageId: z.string().min(1).max(128).optional(),
  /** Backdates the part (API `created_at`), ms. */
  createdAt: z.number().int().nonnegative().optional(),
};

/** startConversation: the contact writes first, or an operator messages the contact. */
export const startInput = z.object({
  contactId: z.string().min(1).max(255),
  author: actorSchema.optional(),
  ...message,
  channel: z.enum(["chat", "email"]).default("chat"),
  subject: z.string().max(998).optional(),
});
export type StartInput = z.input<typeof startInput>;

/** addPart: a comment (either side), a note or a quick reply (operators). */
export const partInput = z.object({
  author: actorSchema,
  kind: z.enum(["comment", "note", "quick_reply"]).default("comment"),
  ...message,
  replyOptions: z.array(z.object({ text: z.string().min(1).max(255), uuid: z.string().min(1).max(64) })).max(20).optional(),
  /** A contact answering a quick reply: the chosen option's uuid. */
  quickReplyUuid: z.string().min(1).max(64).optional(),
  /** A message that arrived by email (inbound replies): its Message-ID, for threading. */
  email: z.object({ messageId: z.string().min(1).max(998), direction: z.literal("in"), from: z.string().max(320).optional() }).optional(),
});
export type PartInput = z.input<typeof partInput>;

export const assignInput = z.object({
  by: actorSchema,
  /** Operator id, or null to unassign. */
  assigneeId: z.number().int().positive().nullable(),
  body: z.string().max(MAX_BODY).optional(),
});
export type AssignInput = z.input<typeof assignInput>;

export const stateInput = z.object({
  by: actorSchema,
  state: z.enum(["open", "snoozed", "closed"]),
  /** Required for `snoozed`, ms. */
  snoozedUntil: z.number().int().positive().optional(),
  /** Closing words shown to the contact (`closed` only). */
  body: z.string().max(MAX_BODY).optional(),
});
export type StateInput = z.input<typeof stateInput>;

export const updateInput = z.object({
  title: z.string().max(255).nullable().optional(),
  /** Merged into the stored bag; a null value removes the key. */
  customAttributes: z.record(z.string().max(190), z.unknown()).optional(),
});
export type UpdateInput = z.input<typeof updateInput>;

/** Validates a verb's input; the first problem is a VALIDATION error naming its path. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const res = schema.safeParse(raw);
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : "input";
  throw invalid(field, `${field}: ${issue?.message ?? "is invalid"}`);
}
