import type { Workspace } from "../../src/workspaces/index.js";
import type { SignupDay } from "../../src/workspaces/dashboard.js";
import type { WorkspaceStats } from "../../src/workspaces/stats.js";
import { CodeBlock } from "../components/code-block.js";
import { EmptyState } from "../components/empty-state.js";
import { PageHeader } from "../components/page-header.js";
import { SignupsChart } from "./signups-chart.js";

export interface HomeProps {
  workspace: Workspace;
  stats: WorkspaceStats;
  /** The messenger snippet, shown while the workspace has no data. */
  messengerSnippet: string;
  /** Contacts seen in the last five minutes. */
  online: number;
  /** New contacts per day, oldest first. */
  signups: SignupDay[];
}

/** The home dashboard: headline counts, or the install steps while nothing has arrived yet. */
export function HomeDashboard(p: HomeProps) {
  const cards = [
    { label: "Users", value: p.stats.users, hint: "Contacts identified by your product" },
    { label: "Leads", value: p.stats.leads, hint: "Visitors who have not signed in" },
    { label: "Online now", value: p.online, hint: "Seen in the last 5 minutes" },
    { label: "Events today", value: p.stats.eventsToday, hint: `Since midnight, ${p.workspace.timezone}` },
  ];
  return (
    <section id="home">
      <PageHeader title="Home" lead={<>Overview of the <strong>{p.workspace.name}</strong> workspace.</>} />
      <div class="stats">
        {cards.map((c) => (
          <div class="stat card">
            <span class="stat-label">{c.label}</span>
            <span class="stat-value">{c.value.toLocaleString("en-US")}</span>
            <span class="stat-hint">{c.hint}</span>
          </div>
        ))}
      </div>
      {p.stats.hasData && <SignupsChart days={p.signups} timezone={p.workspace.timezone} />}
      {!p.stats.hasData && (
        <EmptyState
          title="No contacts or events yet"
          action={<a class="btn btn-primary" href="/settings/install">See all install options</a>}
        >
          <p>Paste the messenger snippet into your site, or send events with Segment or the Intercom API. Counts appear here as soon as data arrives.</p>
          <CodeBlock id="home-snippet" label="Messenger (HTML snippet)" code={p.messengerSnippet} lang="html" />
        </EmptyState>
      )}
    </section>
  );
}
