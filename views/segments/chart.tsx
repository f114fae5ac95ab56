/** Points of a series scaled into a w×h box (y grows downwards); one point draws as a flat line. */
function points(values: number[], w: number, h: number, pad: number): [number, number][] {
  const max = Math.max(...values, 1);
  const min = Math.min(...values, 0);
  const span = max - min || 1;
  const n = values.length;
  return values.map((v, i) => [
    n === 1 ? (i === 0 ? pad : w - pad) : pad + (i * (w - 2 * pad)) / (n - 1),
    h - pad - ((v - min) * (h - 2 * pad)) / span,
  ]);
}

const path = (pts: [number, number][]) => pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ");

/** A tiny trend line of recent daily sizes (inline SVG: no script, works under the admin's CSP). */
export function Sparkline(props: { values: number[]; label: string }) {
  const v = props.values.length === 1 ? [props.values[0]!, props.values[0]!] : props.values;
  if (v.length === 0) return <span class="muted sparkline-empty">No history yet</span>;
  return (
    <svg class="sparkline" viewBox="0 0 100 24" width="100" height="24" role="img" aria-label={props.label}>
      <polyline points={path(points(v, 100, 24, 2))} fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke" />
    </svg>
  );
}

const DAY_FMT = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" });
const HOUR_FMT = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** The size history of a segment as a line chart with its first/last bucket and min/max size labelled (UTC). */
export function SizeChart(props: { points: { bucketStart: number; count: number }[]; granularity: "hour" | "day" }) {
  const data = props.points;
  if (data.length === 0) {
    return <p class="muted">No size history yet: sizes are recorded by the refresh job every hour and every day.</p>;
  }
  const [W, H, P] = [640, 180, 24];
  const values = data.length === 1 ? [data[0]!.count, data[0]!.count] : data.map((d) => d.count);
  const pts = points(values, W, H, P);
  const fmt = props.granularity === "hour" ? HOUR_FMT : DAY_FMT;
  const max = Math.max(...values);
  const min = Math.min(...values, 0);
  const label = `Segment size per ${props.granularity}: from ${data[0]!.count} to ${data[data.length - 1]!.count} members`;
  return (
    <figure class="size-chart">
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={label}>
        <line x1={P} y1={H - P} x2={W - P} y2={H - P} class="axis" />
        <polygon points={`${P},${H - P} ${path(pts)} ${W - P},${H - P}`} class="area" />
        <polyline points={path(pts)} class="line" fill="none" vector-effect="non-scaling-stroke" />
      </svg>
      <figcaption>
        <span>{fmt.format(new Date(data[0]!.bucketStart))} UTC</span>
        <span>min {min.toLocaleString("en-US")} · max {max.toLocaleString("en-US")}</span>
        <span>{fmt.format(new Date(data[data.length - 1]!.bucketStart))} UTC</span>
      </figcaption>
      <table class="sr-only">
        <caption>{label}</caption>
        <tbody>{data.map((d) => <tr><td>{new Date(d.bucketStart).toISOString()}</td><td>{d.count}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}
