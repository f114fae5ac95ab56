import type { Series, SeriesCounts, SeriesVersion } from "../../src/series/index.js";
import { REENTRY } from "../../src/series/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { DryRunForm } from "./dry-run.js";
import { Flow, type FlowProps } from "./flow.js";

export interface SeriesEditorProps {
  series: Series;
  version: SeriesVersion;
  versions: number;
  counts: SeriesCounts;
  auth: FormAuth;
  open?: string | undefined;
  error?: FlowProps["error"];
  settingsError?: string | undefined;
}

/** `/series/:id`: status and actions, settings (entry, goal, exits, re-entry), the flow, and the dry-run. */
export function SeriesEditor(p: SeriesEditorProps) {
  const s = p.series;
  const def = p.version.definition;
  const t = p.counts.total;
  return (
    <section id="series-editor" class="series-editor">
      <p class="breadcrumb"><a href="/series">Series</a></p>
      <header class="page-header">
        <div>
          <h1>{s.name}</h1>
          <p class="lead">
            <span class={`badge status-${s.status}`} id="series-status">{s.status}</span> Version {p.version.number}
            {p.versions > 1 ? ` (${p.versions} versions; enrolled contacts finish the version they entered)` : ""} ·
            {` ${t.enrolled} enrolled, ${t.active} active, ${t.completed} completed, ${t.goal} reached the goal, ${t.exited} exited`}
          </p>
        </div>
        <div class="page-actions">
          {s.status !== "live" && s.status !== "archived" && <Action id={s.id} auth={p.auth} what="launch" label={s.status === "paused" ? "Resume" : "Launch"} primary />}
          {s.status === "live" && <Action id={s.id} auth={p.auth} what="pause" label="Pause" />}
          {s.status !== "archived" && <Action id={s.id} auth={p.auth} what="archive" label="Archive" />}
        </div>
      </header>
      <div hx-get={`/series/${s.id}/counts`} hx-trigger="every 10s" hx-swap="none" class="counts-poll" />
      <div class="series-layout">
        <div>
          <Flow seriesId={s.id} definition={def} counts={p.counts.blocks} auth={p.auth} open={p.open} error={p.error} />
        </div>
        <aside>
          <details class="card series-settings" open={!!p.settingsError}>
            <summary>Entry, goal, exits, re-entry</summary>
            <form method="post" action={`/series/${s.id}/settings`} hx-post={`/series/${s.id}/settings`} hx-target="#series-editor" hx-swap="outerHTML">
              <AuthFields auth={p.auth} />
              {p.settingsError && <div class="form-error" role="alert">{p.settingsError}</div>}
              <label>Name <input name="name" value={s.name} maxlength={255} required /></label>
              <label>Entry rule (JSON) <textarea name="entry" rows={3} class="json">{JSON.stringify(def.entry)}</textarea></label>
              <p class="hint">{"{\"type\":\"event\",\"event\":\"signed_up\",\"where\":[…]}, {\"type\":\"segment\",\"segmentId\":\"…\"}, {\"type\":\"date\",\"attribute\":\"signed_up_at\",\"days\":7}, {\"type\":\"manual\"}"}</p>
              <label>Goal (JSON: {"{\"event\":…}"} or {"{\"condition\":…}"}, or null) <textarea name="goal" rows={2} class="json">{JSON.stringify(def.goal ?? null)}</textarea></label>
              <label>Exit rules (JSON list) <textarea name="exits" rows={2} class="json">{JSON.stringify(def.exits)}</textarea></label>
              <label>Re-entry <select name="reentry">{REENTRY.map((r) => <option value={r} selected={r === def.reentry}>{r}</option>)}</select></label>
              <button type="submit" class="btn btn-primary btn-small">Save settings</button>
            </form>
          </details>
        </aside>
      </div>
      <DryRunForm seriesId={s.id} auth={p.auth} />
    </section>
  );
}

function Action(p: { id: string; auth: FormAuth; what: string; label: string; primary?: boolean }) {
  const url = `/series/${p.id}/${p.what}`;
  return (
    <form method="post" action={url} hx-post={url} hx-target="#series-editor" hx-swap="outerHTML">
      <AuthFields auth={p.auth} />
      <button type="submit" class={p.primary ? "btn btn-primary" : "btn"}>{p.label}</button>
    </form>
  );
}
