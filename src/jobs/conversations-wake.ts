import { wakeSnoozed } from "../conversations/index.js";
import type { Job } from "./types.js";

/** Reopens snoozed conversations whose time has come, so they come back to the inbox on their own. */
export const conversationsWake: Job = {
  name: "conversations.wake",
  schedule: () => "* * * * *",
  run: (ctx) => {
    const woken = wakeSnoozed(ctx);
    if (woken.length > 0) ctx.log.info("snoozed conversations reopened", { count: woken.length });
  },
};
