import { CONTACT_FIELDS } from "../contacts/index.js";
import type { Definition } from "./inputs.js";

/**
 * What a definition can react to when a contact does something: the event names its conditions count (lower case),
 * and whether it reads a contact field that a track call itself may change (last seen, session count, browser,
 * location, UTM, role and external id when a lead is identified by the call). A definition with neither cannot
 * change membership because of a plain `event.ingested` of another name; the `segments.refresh` job still covers
 * the passing of time.
 */
export interface Interest {
  events: Set<string>;
  visitFields: boolean;
}

/** Contact fields a track call never writes (profile fields come from identify, the admin or the API). */
const STABLE = new Set([
  "name", "avatar", "owner_id", "email", "email_domain", "phone", "created_at", "signed_up_at", "last_contacted_at",
  "last_replied_at", "last_email_opened_at", "last_email_clicked_at", "language_override", "unsubscribed_from_emails",
  "marked_email_as_spam", "has_hard_bounced",
]);

/** Names segments read from the contact row besides the search fields (fields.ts ALIASES and EXTRA): all visit data. */
const VISIT_EXTRAS = new Set(["city", "region", "country", "country_code", "continent_code", "device", "timezone", "last_seen_ip"]);

/** True when a track call may change the value a contact attribute condition reads. Unknown names count as visit fields. */
export function visitField(name: string, isCustom: (name: string) => boolean): boolean {
  if (name.startsWith("custom_attributes.")) return false;
  if (STABLE.has(name)) return false;
  if (Object.hasOwn(CONTACT_FIELDS, name) || VISIT_EXTRAS.has(name)) return true;
  return !isCustom(name);
}

/**
 * Walks a definition (and the definitions of segments it names, through `lookup`; an unknown one counts as caring
 * about everything) and collects its interest.
 */
export function definitionInterest(def: Definition, lookup: (segmentId: string) => Definition | undefined, isCustom: (name: string) => boolean): Interest {
  const out: Interest = { events: new Set(), visitFields: false };
  const seen = new Set<string>();
  const walk = (d: Definition) => {
    for (const c of d.conditions) {
      if ("match" in c) walk(c);
      else if ("event" in c) out.events.add(c.event.toLowerCase());
      else if ("attribute" in c) out.visitFields ||= visitField(c.attribute, isCustom);
      else if ("segment" in c) {
        if (seen.has(c.segment)) continue;
        seen.add(c.segment);
        const inner = lookup(c.segment);
        if (inner) walk(inner);
        else out.visitFields = true;
      }
    }
  };
  walk(def);
  return out;
}

/** Whether an event named `name` (given whether the call may have changed visit fields) can matter to `i`. */
export function caresAbout(i: Interest, name: string, visitChanged: boolean): boolean {
  return (visitChanged && i.visitFields) || i.events.has(name.toLowerCase());
}
