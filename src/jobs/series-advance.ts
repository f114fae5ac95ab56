import { advanceDue, scanDateEntries } from "../series/index.js";
import type { Job } from "./types.js";

/** Enrolls contacts whose date entry came due, then runs every series step whose wait is over. */
export const seriesAdvance: Job = {
  name: "series.advance",
  // Every 30 seconds: waits are minutes to days long, and triggering events advance contacts immediately anyway.
  schedule: () => "*/30 * * * * *",
  run: (ctx) => {
    const entered = scanDateEntries(ctx);
    const advanced = advanceDue(ctx);
    if (entered + advanced > 0) ctx.log.info("series advanced", { entered, advanced });
  },
};
