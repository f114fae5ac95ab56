import { countContactCompanies, listContactCompanies } from "../../companies/index.js";
import type { Ctx } from "../../context.js";
import type { Contact } from "../../contacts/index.js";
import { listContactTags } from "../../tags/index.js";
import type { Workspace } from "../../workspaces/index.js";
import { dateAttributeNames, publicAttributes, seconds } from "./serialize.js";

/** Embedded sub-lists carry at most this many references; `has_more` sends clients to `url`. */
const MAX_REFS = 10;

const MOBILE_FIELDS = [
  "android_app_name", "android_app_version", "android_device", "android_os_version", "android_sdk_version", "android_last_seen_at",
  "ios_app_name", "ios_app_version", "ios_device", "ios_os_version", "ios_sdk_version", "ios_last_seen_at",
];

function refList(url: string, data: unknown[], total: number) {
  return { type: "list", data: data.slice(0, MAX_REFS), url, total_count: total, has_more: total > MAX_REFS };
}

/**
 * Returns a serializer for contacts of one workspace (COMPAT §2.2); the registry's date attributes are
 * read once, so a page of contacts costs one lookup plus the per-contact tag and company references.
 */
export function contactView(ctx: Ctx, workspace: Workspace): (c: Contact) => Record<string, unknown> {
  const dates = dateAttributeNames(ctx, workspace.id, "contact");
  return (c) => {
    const tags = listContactTags(ctx, c.id);
    const companies = listContactCompanies(ctx, c.id, { offset: 0, limit: MAX_REFS });
    const utm = c.lastUtm ?? {};
    return {
      type: "contact", id: c.id, workspace_id: workspace.idCode, external_id: c.externalId, role: c.role,
      email: c.email, email_domain: c.emailDomain, phone: c.phone, name: c.name, avatar: c.avatar, owner_id: c.ownerId,
      social_profiles: { type: "list", data: [] },
      has_hard_bounced: c.hasHardBounced, marked_email_as_spam: c.markedEmailAsSpam, unsubscribed_from_emails: c.unsubscribedFromEmails,
      created_at: seconds(c.createdAt), updated_at: seconds(c.updatedAt), signed_up_at: seconds(c.signedUpAt),
      last_seen_at: seconds(c.lastSeenAt), last_replied_at: seconds(c.lastRepliedAt), last_contacted_at: seconds(c.lastContactedAt),
      last_email_opened_at: seconds(c.lastEmailOpenedAt), last_email_clicked_at: seconds(c.lastEmailClickedAt),
      language_override: c.languageOverride, browser: c.browser, browser_version: c.browserVersion,
      browser_language: c.browserLanguage, os: c.os,
      location: {
        type: "location", country: c.country, region: c.region, city: c.city, country_code: c.countryCode, continent_code: c.continentCode,
      },
      ...Object.fromEntries(MOBILE_FIELDS.map((f) => [f, null])),
      custom_attributes: publicAttributes(c.customAttributes, dates),
      tags: refList(`/contacts/${c.id}/tags`, tags.map((t) => ({ type: "tag", id: t.id, url: `/tags/${t.id}` })), tags.length),
      notes: refList(`/contacts/${c.id}/notes`, [], 0),
      companies: refList(
        `/contacts/${c.id}/companies`,
        companies.map((co) => ({ type: "company", id: co.id, url: `/companies/${co.id}` })),
        companies.length < MAX_REFS ? companies.length : countContactCompanies(ctx, c.id),
      ),
      opted_out_subscription_types: refList(`/contacts/${c.id}/subscriptions`, [], 0),
      opted_in_subscription_types: refList(`/contacts/${c.id}/subscriptions`, [], 0),
      utm_campaign: utm.campaign ?? null, utm_content: utm.content ?? null, utm_medium: utm.medium ?? null,
      utm_source: utm.source ?? null, utm_term: utm.term ?? null, referrer: utm.referrer ?? null,
    };
  };
}

/** The short answer of delete/archive/unarchive. */
export function contactStub(c: Contact, extra: { deleted: true } | { archived: boolean }) {
  return { type: "contact", id: c.id, external_id: c.externalId, ...extra };
}

/** Returns a serializer for the API 1.x user object (COMPAT §3), for the `intercom.io` client. */
export function legacyUserView(ctx: Ctx, workspace: Workspace): (c: Contact) => Record<string, unknown> {
  const dates = dateAttributeNames(ctx, workspace.id, "contact");
  return (c) => ({
    type: "user", id: c.id, user_id: c.externalId, anonymous: c.role === "lead", email: c.email, phone: c.phone, name: c.name,
    pseudonym: null, avatar: { type: "avatar", image_url: c.avatar }, app_id: workspace.idCode,
    companies: {
      type: "company.list",
      companies: listContactCompanies(ctx, c.id).map((co) => ({ type: "company", company_id: co.companyId, id: co.id, name: co.name })),
    },
    location_data: {
      type: "location_data", city_name: c.city, continent_code: c.continentCode, country_name: c.country,
      country_code: c.countryCode, region_name: c.region, timezone: c.timezone,
    },
    last_request_at: seconds(c.lastSeenAt), last_seen_ip: c.lastSeenIp,
    created_at: seconds(c.createdAt), remote_created_at: seconds(c.signedUpAt), signed_up_at: seconds(c.signedUpAt),
    updated_at: seconds(c.updatedAt), session_count: c.sessionCount,
    social_profiles: { type: "social_profile.list", social_profiles: [] },
    unsubscribed_from_emails: c.unsubscribedFromEmails, user_agent_data: c.lastSeenUserAgent,
    tags: { type: "tag.list", tags: listContactTags(ctx, c.id).map((t) => ({ type: "tag", id: t.id, name: t.name })) },
    segments: { type: "segment.list", segments: [] },
    custom_attributes: publicAttributes(c.customAttributes, dates),
  });
}
