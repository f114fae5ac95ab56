import type { Child } from "hono/jsx";
import type { SavedFunnel } from "../../src/analytics/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { PageHeader } from "../components/page-header.js";

/** `/reports/funnels`: the saved funnels, then the builder and (when it parses) the result. */
export function FunnelsPage(p: { saved: SavedFunnel[]; current?: string | undefined; auth: FormAuth; children: Child }) {
  return (
    <section id="funnels-page">
      <PageHeader title="Funnels" lead="Who gets from one step to the next, and who drops off — then talk to them." actions={<a class="btn" href="/reports">All reports</a>} />
      {p.saved.length > 0 && (
        <nav class="card" aria-label="Saved funnels">
          <h2 class="small muted">Saved in this workspace</h2>
          <ul id="saved-funnels">
            {p.saved.map((f) => <li><a href={`/reports/funnels/${f.id}`} aria-current={f.id === p.current ? "page" : undefined}>{f.name}</a> <span class="muted small">{f.definition.steps.length} steps</span></li>)}
          </ul>
          {p.current && (
            <form method="post" action={`/reports/funnels/${p.current}/delete`} class="inline-form">
              <AuthFields auth={p.auth} />
              <button type="submit" class="btn btn-small btn-danger">Delete this funnel</button>
            </form>
          )}
        </nav>
      )}
      {p.children}
    </section>
  );
}
