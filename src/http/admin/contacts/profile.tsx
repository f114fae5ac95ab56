import type { Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import { listDataAttributes } from "../../../attributes/index.js";
import { listContactCompanies } from "../../../companies/index.js";
import { getContact, type Contact } from "../../../contacts/index.js";
import { isOnline, listMergeHistory } from "../../../contacts/presence.js";
import { listTimeline } from "../../../contacts/timeline.js";
import type { Ctx } from "../../../context.js";
import { decodeKeyset, encodeKeyset } from "../../../db/keyset.js";
import { listEventSummaries } from "../../../events/index.js";
import { listContactSegments, listMembershipHistory } from "../../../segments/index.js";
import { listContactTags, listTags } from "../../../tags/index.js";
import type { FieldErrors } from "../../../../views/components/form.js";
import { AttributesForm, type AttributesFormProps } from "../../../../views/contacts/attributes-form.js";
import { displayName } from "../../../../views/contacts/cells.js";
import { ContactProfile } from "../../../../views/contacts/profile.js";
import { ProfileTags, type ProfileTagsProps } from "../../../../views/contacts/profile-tags.js";
import { Timeline, TimelinePage } from "../../../../views/contacts/timeline.js";
import type { AdminEnv } from "../env.js";
import { formAuth, page } from "../render.js";

export const TIMELINE_PAGE = 25;

/** The contact named in the path (merged-away ids resolve to the surviving contact). */
export function pathContact(c: Context<AdminEnv>, ctx: Ctx): Contact {
  return getContact(ctx, c.var.workspace.id, c.req.param("id") ?? "");
}

/** Props of the two sections that edit in place, for a contact as it is now. */
export function attributesProps(c: Context<AdminEnv>, ctx: Ctx, contact: Contact): AttributesFormProps {
  return { contactId: contact.id, attributes: listDataAttributes(ctx, c.var.workspace.id, "contact"), values: contact.customAttributes, auth: formAuth(c) };
}

export function tagsProps(c: Context<AdminEnv>, ctx: Ctx, contact: Contact): ProfileTagsProps {
  const ws = c.var.workspace.id;
  return { contactId: contact.id, tags: listContactTags(ctx, contact.id), allTags: listTags(ctx, ws).map((t) => t.name), auth: formAuth(c) };
}

export interface ProfileParts {
  /** Which section a POST re-rendered: htmx gets just that section, a plain browser the whole profile around it. */
  focus?: "attributes" | "tags";
  attributes?: Partial<AttributesFormProps> & { errors?: FieldErrors };
  tags?: Partial<ProfileTagsProps>;
  status?: 200 | 422;
}

/** Renders the profile (or, for an htmx POST, only the section it changed). */
export function renderProfile(c: Context<AdminEnv>, ctx: Ctx, contact: Contact, parts: ProfileParts = {}): Response | Promise<Response> {
  const ws = c.var.workspace.id;
  const attributes = <AttributesForm {...attributesProps(c, ctx, contact)} {...parts.attributes} />;
  const tags = <ProfileTags {...tagsProps(c, ctx, contact)} {...parts.tags} />;
  const first = listTimeline(ctx, contact.id, { limit: TIMELINE_PAGE });
  const whole = (attrs: Child, tagBox: Child) => (
    <ContactProfile
      contact={contact} online={isOnline(ctx, contact)} companies={listContactCompanies(ctx, contact.id)}
      segments={listContactSegments(ctx, ws, contact.id)} segmentHistory={listMembershipHistory(ctx, ws, contact.id)} merges={listMergeHistory(ctx, ws, contact.id)} events={listEventSummaries(ctx, contact.id)}
      attributes={attrs} tags={tagBox}
      timeline={<Timeline contactId={contact.id} items={first.items} before={first.next ? encodeKeyset({ v: first.next.at, id: first.next.id }) : undefined} />}
    />
  );
  const base = { title: displayName(contact), active: "contacts" as const, status: parts.status ?? 200 };
  if (parts.focus === "attributes") return page(c, { ...base, fragment: attributes, frame: (f) => whole(f, tags) });
  if (parts.focus === "tags") return page(c, { ...base, fragment: tags, frame: (f) => whole(attributes, f) });
  return page(c, { ...base, fragment: whole(attributes, tags) });
}

/** `GET /contacts/:id` and its older timeline pages. */
export function profileRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/:id", (c) => {
    const contact = pathContact(c, ctx);
    if (contact.id !== c.req.param("id")) return c.redirect(`/contacts/${contact.id}`, 302);
    return renderProfile(c, ctx, contact);
  });

  app.get("/:id/timeline", (c) => {
    const contact = pathContact(c, ctx);
    const cursor = decodeKeyset(c.req.query("before"));
    const before = cursor && typeof cursor.v === "number" ? { at: cursor.v, id: cursor.id } : undefined;
    const res = listTimeline(ctx, contact.id, { before, limit: TIMELINE_PAGE });
    const next = res.next ? encodeKeyset({ v: res.next.at, id: res.next.id }) : undefined;
    return page(c, { title: displayName(contact), active: "contacts", fragment: <TimelinePage contactId={contact.id} items={res.items} before={next} /> });
  });
}
