import { eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { workspaces } from "../db/schema/index.js";
import { newId, randomToken, shortCode } from "../lib/ids.js";
import { notFound } from "../lib/errors.js";
import type { Workspace } from "./tokens.js";

export * from "./tokens.js";

export interface PairSeed {
  name?: string;
  writeKey?: string;
  identitySecret?: string;
}

/** Creates the production + test workspaces of one app. Seeds apply to production. */
export function createWorkspacePair(ctx: Ctx, seed: PairSeed = {}): { production: Workspace; test: Workspace } {
  const now = ctx.clock.now();
  const pairId = newId("app", now);
  const make = (env: "production" | "test", writeKey?: string, secret?: string): Workspace => ({
    id: newId("ws", now),
    idCode: shortCode(8),
    name: `${seed.name ?? "My app"}${env === "test" ? " [test]" : ""}`,
    environment: env,
    pairId,
    writeKey: writeKey ?? `wk_${randomToken(16)}`,
    identitySecret: secret ?? randomToken(32),
    identityEnforced: false,
    timezone: "UTC",
    createdAt: now,
  });
  const production = make("production", seed.writeKey, seed.identitySecret);
  const test = make("test");
  ctx.db.insert(workspaces).values([production, test]).run();
  return { production, test };
}

/** All workspaces, production first. */
export function listWorkspaces(ctx: Ctx): Workspace[] {
  return ctx.db.select().from(workspaces).orderBy(workspaces.createdAt, workspaces.environment).all();
}

export function findWorkspaceByWriteKey(ctx: Ctx, writeKey: string): Workspace | undefined {
  return ctx.db.select().from(workspaces).where(eq(workspaces.writeKey, writeKey)).get();
}

export function findWorkspaceByIdCode(ctx: Ctx, idCode: string): Workspace | undefined {
  return ctx.db.select().from(workspaces).where(eq(workspaces.idCode, idCode)).get();
}

export function getWorkspace(ctx: Ctx, id: string): Workspace {
  const ws = ctx.db.select().from(workspaces).where(eq(workspaces.id, id)).get();
  if (!ws) throw notFound(`No workspace ${id}`);
  return ws;
}
