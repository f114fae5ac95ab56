import type { DryRunResult } from "../../src/series/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";

const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC";
const dayOf = (ms: number, start: number) => `day ${Math.floor((ms - start) / 86_400_000) + 1}`;

/** The dry-run form: an existing contact, or a described one with scripted events. */
export function DryRunForm(p: { seriesId: string; auth: FormAuth; values?: Record<string, string> | undefined; error?: string | undefined; result?: DryRunResult | undefined }) {
  const v = p.values ?? {};
  const url = `/series/${p.seriesId}/dry-run`;
  return (
    <section class="card series-dry-run" id="series-dry-run">
      <h2>Dry-run</h2>
      <p class="hint">Runs the real engine on a simulated clock and throws the result away: nothing is written or sent.</p>
      <form method="post" action={url} hx-post={url} hx-target="#series-dry-run" hx-swap="outerHTML">
        <AuthFields auth={p.auth} />
        <label>Existing contact (id or email) <input name="contact" value={v.contact ?? ""} placeholder="leave empty to describe one" /></label>
        <label>Or describe one: attributes (JSON) <textarea name="attributes" rows={2} class="json">{v.attributes ?? "{}"}</textarea></label>
        <label><span>Scripted events, one per line: <code>2d project_created</code>, <code>30h login</code> (time after entering)</span>
          <textarea name="events" rows={4}>{v.events ?? ""}</textarea></label>
        <label>Look ahead (days) <input name="days" type="number" value={v.days ?? "30"} min="1" max="365" /></label>
        {p.error && <div class="form-error" role="alert">{p.error}</div>}
        <button type="submit" class="btn btn-primary">Run</button>
      </form>
      {p.result && <DryRunResultView r={p.result} />}
    </section>
  );
}

function DryRunResultView({ r }: { r: DryRunResult }) {
  return (
    <div class="dry-run-result">
      <table class="table">
        <thead><tr><th scope="col">When</th><th scope="col">Step</th><th scope="col">Path / result</th><th scope="col">Message</th></tr></thead>
        <tbody>
          {r.steps.map((s) => (
            <tr data-step={s.stepId}>
              <td>{fmt(s.at)} <span class="muted">({dayOf(s.at, r.start)})</span></td>
              <td>{s.label}</td>
              <td>{s.outcome === "done" ? "" : s.outcome}</td>
              <td>{s.message ? <><strong>{s.message.subject ?? s.message.channel}</strong> <span class="muted">({s.message.channel}{s.message.variant ? `, variant ${s.message.variant}` : ""})</span></> : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="dry-run-end">
        {r.end ? `Ends: ${r.end.status} at ${fmt(r.end.at)} (${dayOf(r.end.at, r.start)}).` : r.waitingAt ? `Still waiting at ${r.waitingAt.stepId}${r.waitingAt.until ? ` until ${fmt(r.waitingAt.until)}` : ""}.` : "Still on its way."}
        {` Version ${r.version}.`}
      </p>
    </div>
  );
}
