import { PageHeader } from "../components/page-header.js";

/** `/reports`: the reports that exist so far. */
export function ReportsIndex() {
  return (
    <section id="reports-page">
      <PageHeader title="Reports" lead="What happens, who does it, and a way to reach them." />
      <div class="stats">
        <a class="card" href="/reports/funnels"><strong>Funnels</strong><p class="muted small">Conversion between steps, drop-offs as segments.</p></a>
        <a class="card" href="/reports/audience"><strong>Audience</strong><p class="muted small">Sign-ups, active contacts, retention, top events, sources.</p></a>
        <a class="card" href="/reports/inbox"><strong>Inbox</strong><p class="muted small">Conversations per day, response and close times, teammates, busiest hours.</p></a>
        <a class="card" href="/reports/map"><strong>Map</strong><p class="muted small">Contacts by country and city on a world map, safe to show publicly.</p></a>
        <a class="card" href="/reports/messages"><strong>Messages</strong><p class="muted small">Every campaign and series step side by side: sent, opened, clicked, replied, goal.</p></a>
      </div>
    </section>
  );
}
