import type { Utm } from "../db/schema/index.js";

/**
 * What any surface (Intercom REST, Segment, widget, legacy /users) may say about a contact,
 * already mapped from its wire format. `undefined` = not mentioned; `null` = clear.
 */
export interface ProfileInput {
  role?: "user" | "lead";
  externalId?: string | null;
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  avatar?: string | null;
  ownerId?: number | null;
  signedUpAt?: number | null;
  lastSeenAt?: number | null;
  unsubscribedFromEmails?: boolean;
  languageOverride?: string | null;
  browserLanguage?: string | null;
  /** Merged into the stored bag; a null value removes the key. */
  customAttributes?: Record<string, unknown>;
  /** Request context: feeds location, device and acquisition data. */
  ip?: string | null;
  userAgent?: string | null;
  utm?: Utm | null;
}

/** How a surface wants attribute typing errors reported and unknown attributes handled. */
export interface ApplyOpts {
  field: string;
  autoCreate: boolean;
}

/** Identity claims used to find or create the contact (Segment userId/anonymousId, widget ids). */
export interface IdentityClaims {
  userId?: string | undefined;
  anonymousId?: string | undefined;
  email?: string | undefined;
}

export const DEFAULT_APPLY: ApplyOpts = { field: "custom_attributes", autoCreate: true };
