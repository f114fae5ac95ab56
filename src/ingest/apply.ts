import type { Ctx } from "../context.js";
import { attachCompany, upsertCompany } from "../companies/index.js";
import {
  aliasContact, findContactByAlias, findContactByExternalId, findUnchangedContact, identifyContact, touchSession, type ApplyOpts, type ProfileInput,
} from "../contacts/index.js";
import { recordEvent, recordPageView } from "../events/index.js";
import { AppError } from "../lib/errors.js";
import type { AliasMessage, GroupMessage, IdentifyMessage, MessageType, PageMessage, TrackMessage } from "./inputs.js";
import { visitProfile, type Normalized } from "./normalize.js";
import { companyUpsert, metadataOf, planIdentify } from "./traits.js";

/** What one applied message changed; the caller publishes it after commit. */
export interface Outcome {
  type: MessageType;
  contactId: string;
  created: boolean;
  /** Leads merged into the contact by this message. */
  mergedFrom: string[];
  /** The stored event, with what bus listeners need so they read nothing back (src/lib/bus.ts IngestedEventFields). */
  event?: { id: string; name: string; metadata: Record<string, unknown>; createdAt: number; profileChanged: boolean } | undefined;
  companyIds: string[];
}

/** Segment traits are typed into the attribute registry, unknown names registered on first sight. */
const TRAITS: ApplyOpts = { field: "traits", autoCreate: true };

/** Domain field names → the Segment field the sender wrote. */
const RENAME: Record<string, string> = { email: "traits.email", event_name: "event", company_id: "groupId" };

/** Applies one validated message inside the caller's transaction (the batcher gives it its own savepoint). */
export function applyMessage(ctx: Ctx, workspaceId: string, n: Normalized): Outcome {
  try {
    switch (n.msg.type) {
      case "identify": return applyIdentify(ctx, workspaceId, n, n.msg);
      case "track": return applyTrack(ctx, workspaceId, n, n.msg);
      case "page": case "screen": return applyPage(ctx, workspaceId, n, n.msg);
      case "group": return applyGroup(ctx, workspaceId, n, n.msg);
      case "alias": return applyAlias(ctx, workspaceId, n, n.msg);
    }
  } catch (e) {
    throw e instanceof AppError && e.field && RENAME[e.field] ? new AppError(e.code, `${RENAME[e.field]}: ${e.message}`, { field: RENAME[e.field]! }) : e;
  }
}

/** The contact a message resolves to (created or merged into, maybe). */
interface Resolved {
  contactId: string;
  created: boolean;
  mergedFrom?: string | undefined;
  /** Known contact on which the message writes nothing (no last-seen, visit, location or identity change). */
  unchanged?: boolean;
}

/** Known contacts whose visit changes nothing (most events) take one narrow read; the rest go through `identifyContact`. */
function resolve(ctx: Ctx, workspaceId: string, n: Normalized, extra?: ProfileInput, email?: string | null): Resolved {
  const claims = { userId: n.userId, anonymousId: n.anonymousId, email: email || undefined };
  const profile = extra ? { ...visitProfile(n), ...extra } : visitProfile(n);
  const known = findUnchangedContact(ctx, workspaceId, claims, profile);
  if (known) return { contactId: known, created: false, unchanged: true };
  const res = identifyContact(ctx, workspaceId, claims, profile, TRAITS);
  return { contactId: res.contact.id, created: res.created, mergedFrom: res.mergedFrom };
}

function applyIdentify(ctx: Ctx, ws: string, n: Normalized, msg: IdentifyMessage): Outcome {
  const plan = planIdentify(msg.traits);
  const res = resolve(ctx, ws, n, plan.profile, plan.profile.email);
  const companyIds = plan.companies.map(({ upsert, field }) => {
    const company = upsertCompany(ctx, ws, upsert, { attributesField: field });
    attachCompany(ctx, res.contactId, company.id);
    return company.id;
  });
  touchIfBrowser(ctx, ws, n, res.contactId);
  return outcome("identify", res, { companyIds });
}

function applyTrack(ctx: Ctx, ws: string, n: Normalized, msg: TrackMessage): Outcome {
  const res = resolve(ctx, ws, n);
  const metadata = metadataOf(msg.properties);
  const rec = recordEvent(ctx, ws, res.contactId, { name: msg.event, createdAt: n.at, metadata, messageId: n.messageId });
  const visited = touchIfBrowser(ctx, ws, n, res.contactId);
  if (rec.duplicate) return outcome("track", res);
  const profileChanged = !res.unchanged || visited;
  return outcome("track", res, { event: { id: rec.id, name: msg.event.trim(), metadata, createdAt: n.at, profileChanged } });
}

/** A page or screen call: a page view in the contact's current session (opened if idle). */
function applyPage(ctx: Ctx, ws: string, n: Normalized, msg: PageMessage): Outcome {
  const res = resolve(ctx, ws, n);
  const v = n.visit;
  const sessionId = v.active ? touchSession(ctx, res.contactId, ws, { at: n.at, ip: v.ip, userAgent: v.userAgent, utm: v.utm, pageView: true }) : null;
  const props = msg.properties ?? {};
  const page = msg.type === "page" ? msg.context?.page : undefined;
  recordPageView(ctx, ws, res.contactId, {
    kind: msg.type, at: n.at, sessionId,
    url: props.url ?? page?.url ?? null,
    title: props.title ?? page?.title ?? msg.name ?? null,
    referrer: props.referrer ?? page?.referrer ?? null,
  });
  return outcome(msg.type, res);
}

function applyGroup(ctx: Ctx, ws: string, n: Normalized, msg: GroupMessage): Outcome {
  const res = resolve(ctx, ws, n);
  const company = upsertCompany(ctx, ws, companyUpsert(msg.groupId, msg.traits), { attributesField: "traits" });
  attachCompany(ctx, res.contactId, company.id);
  touchIfBrowser(ctx, ws, n, res.contactId);
  return outcome("group", res, { companyIds: [company.id] });
}

/** `previousId` now belongs to `userId`: the lead becomes the user or is merged into it. */
function applyAlias(ctx: Ctx, ws: string, n: Normalized, msg: AliasMessage): Outcome {
  const prev = findContactByAlias(ctx, ws, msg.previousId) ?? findContactByExternalId(ctx, ws, msg.previousId);
  const existed = prev?.externalId === msg.userId || Boolean(findContactByExternalId(ctx, ws, msg.userId));
  const user = aliasContact(ctx, ws, msg.previousId, msg.userId);
  // Then the message's context (and a browser's current anonymous id) applies to the user like any other message.
  const res = resolve(ctx, ws, n);
  const merged = prev && !prev.externalId && prev.id !== user.id ? [prev.id] : [];
  touchIfBrowser(ctx, ws, n, res.contactId);
  return { ...outcome("alias", res), created: !existed && !prev, mergedFrom: [...merged, ...(res.mergedFrom ? [res.mergedFrom] : [])] };
}

/** Browser activity that is not itself a page view still extends (or opens) the visit. */
/** Whether it touched a session (which may open one and count it on the contact). */
function touchIfBrowser(ctx: Ctx, ws: string, n: Normalized, contactId: string): boolean {
  const v = n.visit;
  if (!v.browser || !v.active) return false;
  touchSession(ctx, contactId, ws, { at: n.at, ip: v.ip, userAgent: v.userAgent, utm: v.utm });
  return true;
}

function outcome(type: MessageType, res: Resolved, extra: Partial<Outcome> = {}): Outcome {
  return { type, contactId: res.contactId, created: res.created, mergedFrom: res.mergedFrom ? [res.mergedFrom] : [], companyIds: [], ...extra };
}
