import { judgeAutoPromotions } from "../outbound/index.js";
import type { Job } from "./types.js";

/** Promotes the winning variant of A/B tests that have auto-promotion on, once a winner is declared. */
export const outboundAb: Job = {
  name: "outbound.ab",
  schedule: () => "0 */10 * * * *",
  run: async (ctx) => {
    const promoted = judgeAutoPromotions(ctx);
    if (promoted > 0) ctx.log.info("a/b winners promoted", { promoted });
  },
};
