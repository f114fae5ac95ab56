import type { Ctx } from "../../context.js";
import { findWorkspaceByWriteKey, type Workspace } from "../../workspaces/index.js";

/** Workspaces are read once per key per few seconds, not on every event (a key's workspace rarely changes). */
const TTL_MS = 10_000;
const MAX_ENTRIES = 1_000;

export interface WriteKeys {
  /** The workspace of the write key in the Basic header (username) or, failing that, in the body. */
  resolve(authorization: string | undefined, bodyKey: unknown): Workspace | undefined;
  /** The workspace of one write key (settings endpoint). */
  lookup(writeKey: string): Workspace | undefined;
}

/**
 * Write-key auth with a small cache. analytics-node 3.x sends the key in both places, legacy 6.x only in the
 * header, analytics.js in both; OAuth senders use `Bearer <token>` plus `writeKey` in the body.
 * Unknown keys are not cached, so a newly created workspace works at once.
 */
export function writeKeys(ctx: Ctx): WriteKeys {
  const cache = new Map<string, { ws: Workspace; until: number }>();
  const lookup = (key: string): Workspace | undefined => {
    const now = ctx.clock.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.ws;
    const ws = key.length <= 200 ? findWorkspaceByWriteKey(ctx, key) : undefined;
    if (!ws) {
      cache.delete(key);
      return undefined;
    }
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, { ws, until: now + TTL_MS });
    return ws;
  };
  return {
    lookup,
    resolve(authorization, bodyKey) {
      const headerKey = basicUser(authorization);
      const fromHeader = headerKey ? lookup(headerKey) : undefined;
      if (fromHeader) return fromHeader;
      return typeof bodyKey === "string" && bodyKey && bodyKey !== headerKey ? lookup(bodyKey) : undefined;
    },
  };
}

/** The username of a Basic Authorization header (Segment puts the write key there with an empty password). */
function basicUser(header: string | undefined): string | undefined {
  if (!header || header.length < 7 || header.slice(0, 6).toLowerCase() !== "basic ") return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return (colon === -1 ? decoded : decoded.slice(0, colon)) || undefined;
}
