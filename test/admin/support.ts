import { createOperator, type CreatedOperator, type OperatorRole } from "../../src/operators/create.js";
import { createSession } from "../../src/operators/sessions.js";
import { makeTestApp, T0, type TestApp } from "../helpers/app.js";

export { makeTestApp, T0, type TestApp };

/** A signed-in browser as seen by the server: its cookie header and the session's CSRF token. */
export interface Browser {
  operator: CreatedOperator;
  cookie: string;
  csrf: string;
}

let seq = 0;

/** Adds a teammate without a password (no scrypt cost); sign in with `as()`. */
export function addOperator(t: TestApp, role: OperatorRole, over: { name?: string; email?: string; password?: string } = {}): CreatedOperator {
  seq += 1;
  return createOperator(t.ctx, { email: over.email ?? `op${seq}-${role}@example.test`, name: over.name ?? `Op ${seq}`, role, ...(over.password ? { password: over.password } : {}) });
}

/** A session for `operator`, created directly (the login route has its own tests). */
export function as(t: TestApp, operator: CreatedOperator): Browser {
  const { token, session } = createSession(t.ctx, operator.id);
  return { operator, cookie: `parley_session=${token}`, csrf: session.csrfToken };
}

/** A signed-in owner, the usual starting point. */
export function owner(t: TestApp, over: { name?: string } = {}): Browser {
  return as(t, addOperator(t, "owner", over));
}

/** GET as `who` (or anonymous), optionally as an htmx request. */
export async function get(t: TestApp, path: string, who?: Browser, headers: Record<string, string> = {}): Promise<Response> {
  return t.app.request(path, { headers: { ...(who ? { cookie: who.cookie } : {}), ...headers } });
}

/**
 * A form POST as a same-origin browser would send it: CSRF token in the `_csrf` field unless the
 * test passes `_csrf` itself (or `csrf: false` to leave it out). A header given as "" is left out.
 */
export async function post(
  t: TestApp, path: string, fields: Record<string, string>, who?: Browser,
  opts: { headers?: Record<string, string>; csrf?: boolean } = {},
): Promise<Response> {
  const body = new URLSearchParams(fields);
  if (who && opts.csrf !== false && !("_csrf" in fields)) body.set("_csrf", who.csrf);
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    origin: t.ctx.config.PUBLIC_URL,
    "sec-fetch-site": "same-origin",
    ...(who ? { cookie: who.cookie } : {}),
    ...opts.headers,
  };
  return t.app.request(path, { method: "POST", headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== "")), body });
}

/** Headers htmx adds to its requests. */
export const HX = { "hx-request": "true" };

/** The Set-Cookie header line for `name`, if the response sets it. */
export function setCookieLine(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
}

/** The value `name` is set to by the response. */
export function cookieValue(res: Response, name: string): string | undefined {
  return setCookieLine(res, name)?.split(";")[0]?.slice(name.length + 1);
}
