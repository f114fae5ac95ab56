import { eq, sql, type Placeholder } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { contacts, type Attrs, type Utm } from "../db/schema/index.js";
import { coerceAttributes } from "../attributes/index.js";
import { prepared, preparedShape } from "../db/prepared.js";
import { newId } from "../lib/ids.js";
import { invalid } from "../lib/errors.js";
import { locateIp, parseUserAgent } from "./enrich.js";
import type { ApplyOpts, ProfileInput } from "./inputs.js";
import type { Contact } from "./queries.js";

/** Moving last-seen by less than this is not written (see buildPatch). */
export const LAST_SEEN_RESOLUTION = 60_000;

type Patch = Partial<Omit<Contact, "id" | "workspaceId" | "createdAt">>;

const SIMPLE: (keyof ProfileInput & keyof Contact)[] = [
  "role", "externalId", "phone", "name", "avatar", "ownerId", "signedUpAt", "lastSeenAt",
  "unsubscribedFromEmails", "languageOverride", "browserLanguage",
];

/** Turns a profile input into column values for `current` (or a new contact when undefined). */
export function buildPatch(ctx: Ctx, workspaceId: string, current: Contact | undefined, input: ProfileInput, opts: ApplyOpts): Patch {
  const patch: Patch = {};
  for (const key of SIMPLE) {
    if (input[key] !== undefined && (!current || input[key] !== current[key])) (patch as Record<string, unknown>)[key] = input[key];
  }
  // Last-seen never moves backwards (backdated messages), and moving it by under a minute is not worth a row write.
  if (patch.lastSeenAt != null && current?.lastSeenAt != null && patch.lastSeenAt < current.lastSeenAt + LAST_SEEN_RESOLUTION) {
    delete patch.lastSeenAt;
  }
  if (input.email !== undefined && (input.email?.trim() || null) !== (current?.email ?? null)) {
    const email = input.email?.trim() || null;
    if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw invalid("email", `email '${email.slice(0, 80)}' is not a valid address`);
    patch.email = email;
    patch.emailDomain = email ? email.split("@")[1]!.toLowerCase() : null;
  }
  if (input.customAttributes && Object.keys(input.customAttributes).length > 0) {
    const typed = coerceAttributes(ctx, workspaceId, "contact", input.customAttributes, opts);
    const merged = mergeAttrs(current?.customAttributes ?? {}, typed);
    if (!current || !sameAttrs(current.customAttributes, merged)) patch.customAttributes = merged;
  }
  if (input.userAgent && input.userAgent !== current?.lastSeenUserAgent) {
    patch.lastSeenUserAgent = input.userAgent.slice(0, 512);
    Object.assign(patch, parseUserAgent(input.userAgent));
  }
  if (input.ip && input.ip !== current?.lastSeenIp) {
    patch.lastSeenIp = input.ip;
    const loc = locateIp(input.ip);
    if (loc) Object.assign(patch, loc);
  }
  if (input.utm && hasUtm(input.utm) && JSON.stringify(input.utm) !== JSON.stringify(current?.lastUtm ?? null)) {
    patch.lastUtm = input.utm;
    if (!current?.firstUtm) patch.firstUtm = input.utm;
  }
  return patch;
}

/** Custom attributes after a partial update: nulls remove keys. */
export function mergeAttrs(current: Attrs, update: Attrs): Attrs {
  const out: Attrs = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

function sameAttrs(a: Attrs, b: Attrs): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function hasUtm(u: Utm): boolean {
  return Boolean(u.source || u.medium || u.campaign || u.term || u.content || u.referrer);
}

/** Inserts a contact from a profile input; the caller holds the transaction. */
export function insertContact(ctx: Ctx, workspaceId: string, input: ProfileInput, opts: ApplyOpts): Contact {
  const now = ctx.clock.now();
  const patch = buildPatch(ctx, workspaceId, undefined, input, opts);
  const role = patch.role ?? (patch.externalId ? "user" : "lead");
  const row = { customAttributes: {}, ...patch, role, id: newId("ct", now), workspaceId, createdAt: now, updatedAt: now };
  const keys = setKeys(row);
  const q = preparedShape(ctx.db, `contacts.insert:${keys.join(",")}`, (db) => db.insert(contacts).values(placeholders(keys) as unknown as typeof row).prepare());
  q.run(row);
  return readBack(ctx, row.id)!;
}

/** Applies a profile input to an existing contact; returns the updated row. */
export function updateContactRow(ctx: Ctx, workspaceId: string, current: Contact, input: ProfileInput, opts: ApplyOpts): Contact {
  const patch = buildPatch(ctx, workspaceId, current, input, opts);
  if (Object.keys(patch).length === 0) return current;
  patch.updatedAt = ctx.clock.now();
  const keys = setKeys(patch);
  const q = preparedShape(ctx.db, `contacts.update:${keys.join(",")}`, (db) =>
    db.update(contacts).set(placeholders(keys) as Patch).where(eq(contacts.id, sql.placeholder("__id"))).prepare());
  return q.run({ ...patch, __id: current.id }).changes > 0 ? (readBack(ctx, current.id) ?? current) : current;
}

/**
 * The row just written, read by primary key: SQLite's RETURNING clause cost ~40 µs more per insert or update here
 * than a second, indexed read (bench/micro), and every new contact goes through this.
 */
function readBack(ctx: Ctx, id: string): Contact | undefined {
  return prepared(ctx.db, "contacts.readBack", (db) => db.select().from(contacts).where(eq(contacts.id, sql.placeholder("id"))).prepare()).get({ id });
}

/**
 * Inserts and updates are prepared once per set of columns they write (building a query costs more than running
 * it); a column left undefined is not written, as with drizzle's own builders.
 */
function setKeys(row: object): string[] {
  return Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined).sort();
}

function placeholders(keys: string[]): Record<string, Placeholder> {
  return Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)]));
}
