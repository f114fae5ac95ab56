import { refreshSegments } from "../segments/index.js";
import type { Job } from "./types.js";

/** Re-reads what the passing of time can have changed in segments, and records their sizes. */
export const segmentsRefresh: Job = {
  name: "segments.refresh",
  // Every minute by default (SEGMENT_REFRESH_CRON).
  schedule: (config) => config.SEGMENT_REFRESH_CRON,
  run: async (ctx) => {
    const report = await refreshSegments(ctx);
    if (report.changes > 0) ctx.log.info("segments refreshed", { ...report });
  },
};
