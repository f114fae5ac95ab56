import type { Hub } from "./hub.js";
import { inboxTopic } from "./topics.js";

/**
 * Which operators have an inbox stream open, per workspace, counted per stream (one operator may have several
 * tabs). Kept beside the hub, in memory, like the hub itself: presence is never stored. Presence messages go
 * out only when an operator's first stream opens or last one closes.
 */
const registries = new WeakMap<Hub, Map<string, Map<number, number>>>();

function registry(hub: Hub, workspaceId: string): Map<number, number> {
  let byWs = registries.get(hub);
  if (!byWs) registries.set(hub, (byWs = new Map()));
  let ops = byWs.get(workspaceId);
  if (!ops) byWs.set(workspaceId, (ops = new Map()));
  return ops;
}

/** Publishes an operator's presence to the workspace inbox (never stored, never replayed). */
export function publishPresence(hub: Hub, workspaceId: string, p: { operatorId: number; status: "online" | "away" | "offline" }): void {
  hub.publish(inboxTopic(workspaceId), "presence", { operatorId: String(p.operatorId), status: p.status }, { ephemeral: true });
}

/** Counts one more inbox stream of the operator; returns the function that counts it out again. */
export function operatorConnected(hub: Hub, workspaceId: string, operatorId: number): () => void {
  const ops = registry(hub, workspaceId);
  const before = ops.get(operatorId) ?? 0;
  ops.set(operatorId, before + 1);
  if (before === 0) publishPresence(hub, workspaceId, { operatorId, status: "online" });
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const left = (ops.get(operatorId) ?? 1) - 1;
    if (left > 0) ops.set(operatorId, left);
    else ops.delete(operatorId);
    if (left <= 0 && !hub.closed) publishPresence(hub, workspaceId, { operatorId, status: "offline" });
  };
}

/** Operators with an inbox open in the workspace right now. */
export function onlineOperatorIds(hub: Hub, workspaceId: string): Set<number> {
  return new Set(registry(hub, workspaceId).keys());
}
