/** Offset (ms) of `tz` from UTC at instant `t`; an unknown zone counts as UTC. */
function offsetAt(t: number, tz: string): number {
  try {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
    }).formatToParts(new Date(t));
    const get = (k: string) => Number(parts.find((p) => p.type === k)?.value ?? 0);
    const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
    return asUtc - Math.floor(t / 1000) * 1000;
  } catch {
    return 0;
  }
}

/** The first instant at or after `from` when the wall clock in `tz` reads hour:minute. */
export function nextTimeOfDay(from: number, hour: number, minute: number, tz: string | null | undefined): number {
  const zone = tz || "UTC";
  const local = new Date(from + offsetAt(from, zone));
  for (let day = 0; day < 3; day++) {
    const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + day, hour, minute);
    // Two passes settle the offset across a daylight-saving change.
    let t = wall - offsetAt(wall, zone);
    t = wall - offsetAt(t, zone);
    if (t >= from) return t;
  }
  return from;
}
