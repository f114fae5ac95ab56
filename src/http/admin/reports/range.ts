import { DAY } from "../../../lib/clock.js";
import { invalid } from "../../../lib/errors.js";

/** A report's date range as the form shows it (UTC days, both inclusive) and as the domain uses it. */
export interface DateRange {
  fromDay: string;
  toDay: string;
  from: number;
  to: number;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** A YYYY-MM-DD day as ms; absent is undefined, anything else that is not a real day (`2026-02-31`) a 400 naming the field. */
const parseDay = (s: string | undefined, field: "from" | "to"): number | undefined => {
  if (s === undefined || s === "") return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || dayOf(ms) !== s) throw invalid(field, `${field} must be a day as YYYY-MM-DD`);
  return ms;
};

/**
 * `from`/`to` query values (YYYY-MM-DD, inclusive) with a default of the last `days` days up to today; a reversed
 * range is swapped and ranges are capped at two years so one click cannot ask for a decade.
 */
export function readRange(q: { from?: string | undefined; to?: string | undefined }, now: number, days = 30): DateRange {
  const today = Math.floor(now / DAY) * DAY;
  let to = parseDay(q.to, "to") ?? today;
  let from = parseDay(q.from, "from") ?? to - (days - 1) * DAY;
  if (from > to) [from, to] = [to, from];
  if (to - from > 730 * DAY) from = to - 730 * DAY;
  return { fromDay: dayOf(from), toDay: dayOf(to), from, to: to + DAY };
}
