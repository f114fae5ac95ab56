import { runSender } from "../outbound/index.js";
import type { Job } from "./types.js";

/** Sends due email and chat deliveries (and starts scheduled messages); in-app ones wait for the widget. */
export const outboundSend: Job = {
  name: "outbound.send",
  // Every 2 seconds: a run sends rounds until nothing is due, so a broadcast is not paced by this.
  schedule: () => "*/2 * * * * *",
  run: async (ctx) => {
    const r = await runSender(ctx);
    if (r.sent + r.failed + r.skipped + r.retried > 0) ctx.log.info("outbound sent", { ...r });
  },
};
