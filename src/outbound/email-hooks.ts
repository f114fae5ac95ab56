import { onEmailActivity } from "../email/index.js";
import { findDelivery } from "./queries.js";
import { recordDeliveryOutcome } from "./outcomes.js";

let registered = false;

/**
 * Opens, clicks and unsubscribes whose tracking token names a delivery update that delivery (inside the
 * transaction that records the activity). A token for another workspace's delivery changes nothing.
 */
export function registerEmailHooks(): void {
  if (registered) return;
  registered = true;
  onEmailActivity((ctx, a) => {
    if (!a.deliveryId) return;
    const d = findDelivery(ctx, a.deliveryId);
    if (!d || d.workspaceId !== a.workspaceId) return;
    const outcome = a.type === "opened" ? "opened" : a.type === "clicked" ? "clicked" : "unsubscribed";
    recordDeliveryOutcome(ctx, d.id, outcome, a.at);
  });
}
