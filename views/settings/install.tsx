import type { Workspace } from "../../src/workspaces/index.js";
import { CodeBlock } from "../components/code-block.js";
import { PageHeader } from "../components/page-header.js";
import type { Snippet } from "./snippets.js";

const HELP: Record<string, string> = {
  "snippet-messenger": "Paste before </body> on every page. It is Intercom's snippet with only the script URL changed.",
  "snippet-intercom-client": "Intercom's official Node SDK, pointed at Parley. Create a token under API tokens.",
  "snippet-intercom-io": "The older community client (API 1.x), as used by many tutorials.",
  "snippet-analytics-node": "Segment's server library: identify, track, group and page calls become contacts and events.",
  "snippet-analytics-js": "Segment's browser library, loading its settings from Parley instead of Segment's CDN.",
};

/** Copy-ready install code for the current workspace; visible to every role. */
export function InstallSection(p: { workspace: Workspace; snippets: Snippet[]; canManageTokens: boolean }) {
  return (
    <section id="install">
      <PageHeader
        title="Install"
        lead={<>Code for the <strong>{p.workspace.name}</strong> workspace (app id <code>{p.workspace.idCode}</code>). Existing Intercom and Segment code works once its URL points here.</>}
      />
      {p.snippets.map((s) => (
        <div class="install-step">
          <p>{HELP[s.id]}</p>
          <CodeBlock id={s.id} label={s.label} code={s.code} lang={s.lang} />
        </div>
      ))}
      <p class="muted">
        {p.canManageTokens
          ? <>Server libraries need an API token: <a href="/settings/tokens">create one</a> and keep it in an environment variable.</>
          : "Server libraries need an API token: ask an owner or admin to create one."}
      </p>
    </section>
  );
}
