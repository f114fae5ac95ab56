import type { Context, Hono } from "hono";
import { listDataAttributes, type DataAttribute } from "../../../attributes/index.js";
import { updateContact, type Contact } from "../../../contacts/index.js";
import type { Ctx } from "../../../context.js";
import { AppError } from "../../../lib/errors.js";
import { findOrCreateTag, tagContact, untagContact } from "../../../tags/index.js";
import type { FieldErrors } from "../../../../views/components/form.js";
import { fieldName, formText } from "../../../../views/contacts/attributes-form.js";
import type { AdminEnv } from "../env.js";
import { setFlash } from "../cookies.js";
import { formErrorsFrom } from "../forms.js";
import { isHtmx } from "../render.js";
import { pathContact, renderProfile } from "./profile.js";

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** Form text back to a value for the registry to check: empty clears; text that does not fit is passed on to be refused. */
function fromText(attr: DataAttribute, text: string): unknown {
  const v = text.trim();
  if (v === "") return null;
  if (attr.dataType === "integer" || attr.dataType === "float") return NUMERIC.test(v) ? Number(v) : text;
  if (attr.dataType === "boolean") return v === "true" ? true : v === "false" ? false : text;
  return attr.dataType === "date" ? v : text;
}

/** Only fields whose text changed are written, so a date with a time of day survives a save of other fields. */
function changedAttributes(attrs: DataAttribute[], contact: Contact, body: Record<string, unknown>) {
  const submitted: Record<string, string> = {};
  const changes: Record<string, unknown> = {};
  for (const a of attrs) {
    const raw = body[fieldName(a)];
    if (typeof raw !== "string") continue;
    submitted[fieldName(a)] = raw;
    if (raw !== formText(a, contact.customAttributes[a.name])) changes[a.name] = fromText(a, raw);
  }
  return { submitted, changes };
}

/** A refused value as an error on its own input ("seats must be an integer …"). */
function attributeErrors(err: unknown, attrs: DataAttribute[]): FieldErrors | undefined {
  if (err instanceof AppError && err.code === "VALIDATION" && err.field?.startsWith("custom_attributes.")) {
    const attr = attrs.find((a) => `custom_attributes.${a.name}` === err.field);
    if (attr) return { [fieldName(attr)]: err.message.replace(`${err.field} `, `${attr.label} `) };
  }
  return formErrorsFrom(err);
}

/** Edits on the profile: custom attributes, adding and removing tags. */
export function profileEditRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.post("/:id/attributes", (c) => saveAttributes(c, ctx));

  app.post("/:id/tags", async (c) => {
    const ws = c.var.workspace.id;
    const contact = pathContact(c, ctx);
    const body = await c.req.parseBody();
    const name = typeof body.name === "string" ? body.name : "";
    try {
      const tag = findOrCreateTag(ctx, ws, name);
      tagContact(ctx, ws, contact.id, tag.id, c.var.operator!.id);
      ctx.bus.publish("contact.updated", { workspaceId: ws, contactId: contact.id });
      if (!isHtmx(c)) return done(c, contact.id, `Tagged “${tag.name}”.`);
      return renderProfile(c, ctx, contact, { focus: "tags" });
    } catch (err) {
      const errors = formErrorsFrom(err);
      if (!errors) throw err;
      return renderProfile(c, ctx, contact, { focus: "tags", tags: { error: Object.values(errors)[0], value: name }, status: 422 });
    }
  });

  app.post("/:id/tags/:tagId/remove", (c) => {
    const ws = c.var.workspace.id;
    const contact = pathContact(c, ctx);
    untagContact(ctx, ws, contact.id, c.req.param("tagId"));
    ctx.bus.publish("contact.updated", { workspaceId: ws, contactId: contact.id });
    if (!isHtmx(c)) return done(c, contact.id, "Tag removed.");
    return renderProfile(c, ctx, contact, { focus: "tags" });
  });
}

/** `POST /contacts/:id/attributes`: writes the changed custom attributes; a refused value goes back to its field. */
async function saveAttributes(c: Context<AdminEnv>, ctx: Ctx): Promise<Response> {
  const ws = c.var.workspace.id;
  const contact = pathContact(c, ctx);
  const attrs = listDataAttributes(ctx, ws, "contact");
  const { submitted, changes } = changedAttributes(attrs, contact, await c.req.parseBody());
  try {
    const updated = Object.keys(changes).length > 0 ? updateContact(ctx, ws, contact.id, { customAttributes: changes }) : contact;
    if (!isHtmx(c)) return done(c, contact.id, "Attributes saved.");
    return renderProfile(c, ctx, updated, { focus: "attributes", attributes: { saved: true } });
  } catch (err) {
    const errors = attributeErrors(err, attrs);
    if (!errors) throw err;
    return renderProfile(c, ctx, contact, { focus: "attributes", attributes: { errors, submitted }, status: 422 });
  }
}

/** Without htmx, a successful edit redirects back to the profile (reloading it never re-posts). */
function done(c: Context<AdminEnv>, contactId: string, message: string): Response {
  setFlash(c, "success", message);
  return c.redirect(`/contacts/${contactId}`, 303);
}
