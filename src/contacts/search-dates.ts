/** Start (inclusive) and end (exclusive) of one calendar day, epoch ms. */
export interface Day {
  start: number;
  end: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a time zone. */
function wallClock(at: number, timeZone: string): { y: number; m: number; d: number; ms: number } {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) if (part.type !== "literal") p[part.type] = Number(part.value);
  const ms = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return { y: p.year!, m: p.month!, d: p.day!, ms };
}

/** The instant of local midnight of y-m-d (d may overflow: Date.UTC normalises it). */
function midnight(y: number, m: number, d: number, timeZone: string): number {
  const naive = Date.UTC(y, m - 1, d);
  const offset = (at: number) => wallClock(at, timeZone).ms - Math.floor(at / 1000) * 1000;
  // Twice: the offset at the first guess can differ from the offset at midnight across a DST change.
  const first = naive - offset(naive);
  return naive - offset(first);
}

/**
 * The calendar day containing `at` in `timeZone` (an unknown zone falls back to UTC):
 * Intercom compares search dates by day in the workspace's time zone.
 */
export function dayOf(at: number, timeZone: string): Day {
  const tz = validZone(timeZone);
  const { y, m, d } = wallClock(at, tz);
  return { start: midnight(y, m, d, tz), end: midnight(y, m, d + 1, tz) };
}

function validZone(timeZone: string): string {
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    return "UTC";
  }
}
