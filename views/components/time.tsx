const FORMAT = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});

/** A timestamp rendered the same for every viewer (UTC), machine-readable in `datetime`. */
export function Time(props: { ms: number | null | undefined; empty?: string }) {
  if (props.ms === null || props.ms === undefined) return <span class="muted">{props.empty ?? "Never"}</span>;
  const d = new Date(props.ms);
  return <time datetime={d.toISOString()}>{`${FORMAT.format(d)} UTC`}</time>;
}
