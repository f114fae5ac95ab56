import { createHmac, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { workspaces } from "../../src/db/schema/index.js";
import type { TestApp } from "../helpers/app.js";

export const SECRET = "test-identity-secret";

/** A fresh visitor id, as the widget keeps in localStorage. */
export const visitor = () => `v_${randomBytes(8).toString("hex")}`;

/** Sets the workspace's identity secret and enforcement (tests only: the admin does this through settings). */
export function configureIdentity(t: TestApp, enforced: boolean, secret = SECRET): void {
  t.ctx.db.update(workspaces).set({ identityEnforced: enforced, identitySecret: secret }).where(eq(workspaces.id, t.workspace.id)).run();
}

export const userHash = (subject: string, secret = SECRET) => createHmac("sha256", secret).update(subject).digest("hex");

/** An HS256 JWT, as `jsonwebtoken.sign(payload, secret)` makes it. */
export function signJwt(payload: Record<string, unknown>, secret = SECRET, header: Record<string, unknown> = { alg: "HS256", typ: "JWT" }): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const body = `${enc(header)}.${enc(payload)}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}

export interface Json {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** `POST /messenger/boot` from a customer's page. */
export async function boot(t: TestApp, body: Record<string, unknown>): Promise<{ status: number; json: Json }> {
  const res = await t.app.request("/messenger/boot", {
    method: "POST",
    headers: { "content-type": "application/json", origin: "https://shop.example" },
    body: JSON.stringify({ app_id: t.workspace.idCode, ...body }),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

/** A messenger call carrying a session token. */
export async function call(t: TestApp, session: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Json; res: Response }> {
  const res = await t.app.request(path, {
    method,
    headers: { authorization: `Bearer ${session}`, origin: "https://shop.example", ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as Json, res };
}
