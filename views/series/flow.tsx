import type { BlockCounts, SeriesDefinition, Step } from "../../src/series/index.js";
import { labelOf, pathsOf } from "../../src/series/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { AddBlock, BlockEditForm } from "./block-form.js";

export interface FlowProps {
  seriesId: string;
  definition: SeriesDefinition;
  counts: Map<string, BlockCounts>;
  auth: FormAuth;
  /** Block whose edit form starts open (just added or refused). */
  open?: string | undefined;
  error?: { stepId: string; message: string } | undefined;
}

/** The top-down flow: entry, blocks (branches side by side), end. */
export function Flow(p: FlowProps) {
  return (
    <div class="series-flow" id="series-flow">
      <div class="flow-terminal">Entry: {entryText(p.definition)}</div>
      <StepList p={p} ref_="root" steps={p.definition.steps} />
      <div class="flow-terminal">End of series</div>
    </div>
  );
}

function StepList(props: { p: FlowProps; ref_: string; steps: Step[] }) {
  const { p, ref_, steps } = props;
  return (
    <ol class="flow-list" data-list={ref_}>
      <li class="flow-add"><AddBlock seriesId={p.seriesId} auth={p.auth} list={ref_} index={0} /></li>
      {steps.map((s, i) => (
        <>
          <Block p={p} step={s} />
          <li class="flow-add"><AddBlock seriesId={p.seriesId} auth={p.auth} list={ref_} index={i + 1} /></li>
        </>
      ))}
    </ol>
  );
}

function Block(props: { p: FlowProps; step: Step }) {
  const { p, step } = props;
  const paths = pathsOf(step);
  const hx = { "hx-target": "#series-editor", "hx-swap": "outerHTML" };
  const action = (what: string) => `/series/${p.seriesId}/steps/${step.id}/${what}`;
  const error = p.error?.stepId === step.id ? p.error.message : undefined;
  return (
    <li class={`flow-block block-${step.type}`} id={`block-${step.id}`} data-step={step.id}>
      <div class="block-card">
        <div class="block-head">
          <span class="block-kind">{step.type}</span>
          <strong class="block-label">{labelOf(step)}</strong>
          <code class="block-id">{step.id}</code>
        </div>
        {step.type === "send" && <p class="block-detail">{step.variants.map((v, i) => `${"ABCD"[i]}: ${v.subject ?? v.body.slice(0, 60)}`).join(" · ")}</p>}
        <BlockCountsView id={step.id} counts={p.counts.get(step.id)} />
        <details class="block-edit" open={p.open === step.id || !!error}>
          <summary>Edit</summary>
          <BlockEditForm seriesId={p.seriesId} step={step} auth={p.auth} error={error} />
        </details>
        <div class="block-actions">
          {(["up", "down"] as const).map((dir) => (
            <form method="post" action={action(`move-${dir}`)} hx-post={action(`move-${dir}`)} {...hx}>
              <AuthFields auth={p.auth} />
              <button type="submit" class="btn btn-small" aria-label={`Move ${step.id} ${dir}`}>{dir === "up" ? "↑" : "↓"}</button>
            </form>
          ))}
          <form method="post" action={action("delete")} hx-post={action("delete")} {...hx} hx-confirm={`Delete this block${paths.length ? " and every block on its paths" : ""}?`}>
            <AuthFields auth={p.auth} />
            <button type="submit" class="btn btn-small btn-danger">Delete</button>
          </form>
        </div>
      </div>
      {paths.length > 0 && (
        <div class="flow-branches">
          {paths.map((path) => (
            <div class="flow-branch">
              <div class="branch-label">{path.label}</div>
              <StepList p={p} ref_={path.ref} steps={path.steps} />
            </div>
          ))}
        </div>
      )}
    </li>
  );
}

/** entered · waiting · passed · exited · goal for one block (also sent out-of-band by the live poll). */
export function BlockCountsView(props: { id: string; counts: BlockCounts | undefined; oob?: boolean }) {
  const c = props.counts ?? { entered: 0, waiting: 0, passed: 0, exited: 0, goal: 0 };
  return (
    <dl class="block-counts" id={`counts-${props.id}`} hx-swap-oob={props.oob ? "true" : undefined}>
      {(["entered", "waiting", "passed", "exited", "goal"] as const).map((k) => (
        <div class={`count count-${k}`}><dt>{k}</dt><dd>{c[k].toLocaleString("en-US")}</dd></div>
      ))}
    </dl>
  );
}

/** The entry rule in words. */
export function entryText(def: SeriesDefinition): string {
  const e = def.entry;
  switch (e.type) {
    case "manual": return "added by API or by a teammate";
    case "segment": return `enters segment ${e.segmentId}`;
    case "event": return `does ${e.event}${e.where?.length ? ` (${e.where.map((w) => `${w.key} ${w.op} ${w.value ?? ""}`.trim()).join(", ")})` : ""}`;
    case "date": return `${e.days} days after ${e.attribute}`;
  }
}
