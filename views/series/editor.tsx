import type { Series, SeriesCounts, SeriesVersion } from "../../src/series/index.js";
import { REENTRY } from "../../src/series/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { DryRunForm } from "./dry-run.js";
import { ruleUrl } from "./condition.js";
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
  /** Segments to enter from (the entry rule picked without JSON). */
  segments?: { id: string; name: string }[] | undefined;
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
              <label>Contacts enter when they join the segment{" "}
                <select name="entry_segment" id="entry-segment">
                  <option value="">another entry rule (the JSON below)</option>
                  {(p.segments ?? []).map((g) => <option value={g.id} selected={def.entry.type === "segment" && def.entry.segmentId === g.id}>{g.name}</option>)}
                </select>
              </label>
              <RuleLinks seriesId={s.id} def={def} />
              <details class="json-fallback" open={!!p.settingsError}>
              <summary>Edit entry, goal and exits as JSON</summary>
              <label>Entry rule (JSON) <textarea name="entry" rows={3} class="json">{JSON.stringify(def.entry)}</textarea></label>
              <p class="hint">{"{\"type\":\"event\",\"event\":\"signed_up\",\"where\":[…]}, {\"type\":\"segment\",\"segmentId\":\"…\"}, {\"type\":\"date\",\"attribute\":\"signed_up_at\",\"days\":7}, {\"type\":\"manual\"}"}</p>
              <label>Goal (JSON: {"{\"event\":…}"} or {"{\"condition\":…}"}, or null) <textarea name="goal" rows={2} class="json">{JSON.stringify(def.goal ?? null)}</textarea></label>
              <label>Exit rules (JSON list) <textarea name="exits" rows={2} class="json">{JSON.stringify(def.exits)}</textarea></label>
              </details>
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

/** The goal and exit conditions in words, each opening the filter builder (event rules stay in the JSON below). */
function RuleLinks(p: { seriesId: string; def: SeriesEditorProps["version"]["definition"] }) {
  const goal = p.def.goal;
  const n = (c: { conditions: unknown[] }) => `${c.conditions.length} ${c.conditions.length === 1 ? "condition" : "conditions"}`;
  return (
    <div class="rule-links">
      <p>
        Goal: {!goal ? "none" : "condition" in goal ? n(goal.condition) : `does “${goal.event}”`}{" "}
        {(!goal || "condition" in goal) && <a class="btn btn-small" id="goal-condition" href={ruleUrl(p.seriesId, "goal")}>{goal ? "Edit condition" : "Set a condition"}</a>}
      </p>
      <p>Exit rules:</p>
      <ul>
        {p.def.exits.map((r, i) => (
          <li>{"condition" in r ? <>{n(r.condition)} <a class="btn btn-small" href={ruleUrl(p.seriesId, i)} id={`exit-condition-${i}`}>Edit</a></> : `does “${r.event}”`}</li>
        ))}
        {p.def.exits.length < 10 && <li><a class="btn btn-small" id="exit-condition-new" href={ruleUrl(p.seriesId, p.def.exits.length)}>+ Exit when a condition matches</a></li>}
      </ul>
    </div>
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
