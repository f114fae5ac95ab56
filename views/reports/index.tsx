import { PageHeader } from "../components/page-header.js";

/** `/reports`: the reports that exist so far. */
export function ReportsIndex() {
  return (
    <section id="reports-page">
      <PageHeader title="Reports" lead="What happens, who does it, and a way to reach them." />
      <div class="stats">
        <a class="card" href="/reports/funnels"><strong>Funnels</strong><p class="muted small">Conversion between steps, drop-offs as segments.</p></a>
        <a class="card" href="/reports/audience"><strong>Audience</strong><p class="muted small">Sign-ups, active contacts, retention, top events, sources.</p></a>
      </div>
    </section>
  );
}
