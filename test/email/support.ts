import { Hono } from "hono";
import { attachCompany, upsertCompany } from "../../src/companies/index.js";
import type { Config } from "../../src/config.js";
import { DEFAULT_APPLY, findContact, insertContact, type Contact } from "../../src/contacts/index.js";
import { closeMailer, compileTemplate, DEFAULT_LAYOUT, type CompiledTemplate } from "../../src/email/index.js";
import { adminGuards } from "../../src/http/admin/index.js";
import type { AdminEnv } from "../../src/http/admin/env.js";
import { outboxRoutes } from "../../src/http/admin/outbox.js";
import { emailApp } from "../../src/http/email/index.js";
import { requestId } from "../../src/http/middleware/request-id.js";
import type { Attrs } from "../../src/db/schema/index.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";

export interface EmailTestApp extends TestApp {
  /** The app with the email routes (public endpoints, admin outbox) mounted as production mounts them. */
  request(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * A test app with the email surfaces mounted in front of the main app: `emailApp` at "/" and the
 * outbox inside the settings guards at /settings/outbox, the same places app.ts and the settings app
 * mount them.
 */
export function makeEmailApp(opts: { now?: number; config?: Partial<Config> } = {}): EmailTestApp {
  const t = makeTestApp(opts);
  const root = new Hono<AdminEnv>();
  root.use("*", requestId());
  root.use("*", async (c, next) => {
    c.set("ctx", t.ctx);
    await next();
  });
  root.route("/", emailApp(t.ctx));
  const outbox = new Hono<AdminEnv>();
  outbox.use("*", ...adminGuards(t.ctx));
  outbox.route("/", outboxRoutes(t.ctx));
  root.route("/settings/outbox", outbox);
  root.all("*", (c) => t.app.fetch(c.req.raw));
  const close = t.close;
  return {
    ...t,
    request: async (path, init) => root.request(path, init),
    close: () => {
      closeMailer(t.ctx);
      close();
    },
  };
}

let seq = 0;

/** A user with an email (unique unless given), optional name, custom attributes and company. */
export function addContact(
  t: TestApp,
  over: { email?: string | null; name?: string | null; attrs?: Attrs; company?: { id: string; name: string; plan?: string } } = {},
): Contact {
  seq += 1;
  const contact = insertContact(t.ctx, t.workspace.id, {
    role: "user", externalId: `u${seq}`,
    email: over.email === undefined ? `person${seq}@example.test` : over.email,
    name: over.name === undefined ? `Person ${seq}` : over.name,
    ...(over.attrs ? { customAttributes: over.attrs } : {}),
  }, DEFAULT_APPLY);
  if (over.company) {
    const co = upsertCompany(t.ctx, t.workspace.id, { companyId: over.company.id, name: over.company.name, ...(over.company.plan ? { plan: over.company.plan } : {}) });
    attachCompany(t.ctx, contact.id, co.id);
  }
  return contact;
}

/** The contact as stored now. */
export function reload(t: TestApp, id: string): Contact {
  const c = findContact(t.ctx, t.workspace.id, id);
  if (!c) throw new Error(`no contact ${id}`);
  return c;
}

/** A markdown body in the default layout. */
export function compileMarkdown(markdown: string, subject = "Hello"): Promise<CompiledTemplate> {
  return compileTemplate(DEFAULT_LAYOUT, { markdown }, { subject });
}

/** Every `href` in an HTML document, entity-decoded, in order. */
export function hrefs(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
}

/** The path of a URL on the test app's PUBLIC_URL (http://parley.test). */
export function localPath(url: string): string {
  const u = new URL(url);
  if (u.origin !== "http://parley.test") throw new Error(`not a Parley URL: ${url}`);
  return u.pathname + u.search;
}
