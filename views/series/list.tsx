import type { Series, SeriesCounts, SeriesTemplate } from "../../src/series/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { PageHeader } from "../components/page-header.js";
import { Time } from "../components/time.js";

export interface SeriesListProps {
  series: { s: Series; version: number; totals: SeriesCounts["total"] }[];
  templates: readonly SeriesTemplate[];
  auth: FormAuth;
}

/** `/series`: every series with its figures, and the templates to start from. */
export function SeriesList(p: SeriesListProps) {
  return (
    <section id="series-list">
      <PageHeader title="Series" lead="Multi-step sequences: sends, waits, branches and goals, on each contact's own clock." />
      {p.series.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Version</th><th scope="col">Enrolled</th><th scope="col">Active</th><th scope="col">Goal</th><th scope="col">Updated</th></tr></thead>
            <tbody>
              {p.series.map(({ s, version, totals }) => (
                <tr>
                  <td><a href={`/series/${s.id}`}>{s.name}</a></td>
                  <td><span class={`badge status-${s.status}`}>{s.status}</span></td>
                  <td>v{version}</td>
                  <td>{totals.enrolled}</td><td>{totals.active}</td><td>{totals.goal}</td>
                  <td><Time ms={s.updatedAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Start from a template</h2>
      <div class="series-templates">
        {p.templates.map((t) => (
          <form method="post" action="/series" class="card series-template">
            <AuthFields auth={p.auth} />
            <input type="hidden" name="template" value={t.key} />
            <h3>{t.name}</h3>
            <p>{t.description}</p>
            <label>Name <input name="name" value={t.name} maxlength={255} required /></label>
            <button type="submit" class="btn btn-primary" data-template={t.key}>Use this template</button>
          </form>
        ))}
      </div>
    </section>
  );
}
