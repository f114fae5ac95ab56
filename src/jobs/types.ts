import type { Config } from "../config.js";
import type { Ctx } from "../context.js";

/** A recurring background task. `run` calls domain verbs only: no SQL in jobs/. */
export interface Job {
  /** Dotted name, e.g. `segments.refresh`; used by runNow and in logs. */
  name: string;
  /** Cron pattern (croner syntax, seconds optional), read from config at start. */
  schedule: (config: Config) => string;
  run: (ctx: Ctx) => void | Promise<void>;
}
