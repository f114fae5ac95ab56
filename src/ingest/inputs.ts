import { z } from "zod";
import { toEpochMs } from "../attributes/index.js";

/**
 * Zod shapes of Segment Tracking API messages (COMPAT.md §5.2). Every string has a maximum length;
 * free-form bags (traits, properties) are bounded by the 32 KB message limit and by the attribute registry.
 */

export const MESSAGE_TYPES = ["identify", "track", "page", "screen", "group", "alias"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

const str = (max: number) => z.string().max(max);
const opt = (max: number) => str(max).nullish();
/** Ids may arrive as numbers from hand-written HTTP callers; we store them as text. */
const idValue = z.union([str(255), z.number().finite()]).transform((v) => (typeof v === "number" ? String(v) : v.trim()));
/** ISO-8601 or unix seconds/milliseconds → epoch ms. */
const time = z.union([str(64), z.number()]).transform((v, c) => {
  const ms = toEpochMs(v);
  if (ms === undefined) c.issues.push({ code: "custom", message: "must be an ISO-8601 date or a unix time", input: v });
  return ms ?? 0;
});
const bag = z.record(str(190), z.unknown());

const campaign = z.looseObject({ source: opt(255), medium: opt(255), name: opt(255), term: opt(255), content: opt(255) });
const page = z.looseObject({ url: opt(2048), referrer: opt(2048), title: opt(512), path: opt(2048), search: opt(2048) });

export const contextSchema = z.looseObject({
  ip: opt(64),
  userAgent: opt(1024),
  locale: opt(35),
  active: z.boolean().nullish(),
  campaign: campaign.nullish(),
  page: page.nullish(),
  library: z.looseObject({ name: opt(100), version: opt(100) }).nullish(),
});
export type SegmentContext = z.infer<typeof contextSchema>;

const companyFields = {
  id: idValue.optional(),
  name: opt(255),
  plan: opt(255),
  monthlySpend: z.number().finite().nullish(),
  monthly_spend: z.number().finite().nullish(),
  createdAt: time.nullish(),
  created_at: time.nullish(),
  employees: z.number().int().nonnegative().nullish(),
  size: z.number().int().nonnegative().nullish(),
  website: opt(255),
  industry: opt(255),
};
export const companyTraits = z.looseObject(companyFields);
export type CompanyTraits = z.infer<typeof companyTraits>;

const identifyTraits = z.looseObject({
  email: opt(255),
  name: opt(255),
  firstName: opt(255),
  lastName: opt(255),
  first_name: opt(255),
  last_name: opt(255),
  phone: opt(64),
  avatar: opt(2048),
  createdAt: time.nullish(),
  created_at: time.nullish(),
  unsubscribedFromEmails: z.boolean().nullish(),
  company: z.union([str(255), companyTraits]).nullish(),
  companies: z.array(companyTraits).max(100).nullish(),
});
export type IdentifyTraits = z.infer<typeof identifyTraits>;

const common = {
  messageId: z.union([str(255), z.number().finite()]).transform(String).nullish(),
  userId: idValue.nullish(),
  anonymousId: idValue.nullish(),
  timestamp: time.nullish(),
  originalTimestamp: time.nullish(),
  sentAt: time.nullish(),
  context: contextSchema.nullish(),
  integrations: bag.nullish(),
};

const pageProps = z.looseObject({ url: opt(2048), title: opt(512), referrer: opt(2048) });

/** One schema per message type; `type` itself is checked by the caller. */
export const messageSchemas = {
  identify: z.looseObject({ ...common, traits: identifyTraits.nullish() }),
  track: z.looseObject({ ...common, event: str(255).trim().min(1), properties: bag.nullish() }),
  page: z.looseObject({ ...common, name: opt(255), category: opt(255), properties: pageProps.nullish() }),
  screen: z.looseObject({ ...common, name: opt(255), category: opt(255), properties: pageProps.nullish() }),
  group: z.looseObject({ ...common, groupId: idValue.pipe(z.string().min(1)), traits: companyTraits.nullish() }),
  alias: z.looseObject({ ...common, previousId: idValue.pipe(z.string().min(1)), userId: idValue.pipe(z.string().min(1)) }),
} as const;

export type IdentifyMessage = z.infer<typeof messageSchemas.identify> & { type: "identify" };
export type TrackMessage = z.infer<typeof messageSchemas.track> & { type: "track" };
export type PageMessage = z.infer<typeof messageSchemas.page> & { type: "page" | "screen" };
export type GroupMessage = z.infer<typeof messageSchemas.group> & { type: "group" };
export type AliasMessage = z.infer<typeof messageSchemas.alias> & { type: "alias" };
export type SegmentMessage = IdentifyMessage | TrackMessage | PageMessage | GroupMessage | AliasMessage;
