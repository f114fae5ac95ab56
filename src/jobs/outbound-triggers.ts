import { runTimeTriggers } from "../outbound/index.js";
import type { Job } from "./types.js";

/** Fires ongoing messages whose trigger is time itself: N days after a date attribute, or inactivity. */
export const outboundTriggers: Job = {
  name: "outbound.triggers",
  schedule: () => "0 * * * * *",
  run: (ctx) => {
    const n = runTimeTriggers(ctx);
    if (n > 0) ctx.log.info("outbound time triggers fired", { deliveries: n });
  },
};
