import type { Contact } from "../../src/contacts/queries.js";
import type { ExplainedNode, Explanation } from "../../src/segments/index.js";
import { displayName } from "../contacts/cells.js";
import { Time } from "../components/time.js";
import { describeCondition } from "./describe.js";

export interface ExplainProps {
  segmentId: string;
  /** What was typed in the contact box. */
  query: string;
  contact?: Contact | undefined;
  explanation?: Explanation | undefined;
  error?: string | undefined;
  /** Tag and segment names by id, to show conditions in words. */
  names?: ReadonlyMap<string, string> | undefined;
}

/** The contact picker and, once one is chosen, every condition with the contact's actual value and pass/fail. */
export function ExplainPanel(p: ExplainProps) {
  return (
    <div id="segment-explain-body">
      <form method="get" action={`/segments/${p.segmentId}`} class="inline-form explain-form" role="search"
        hx-get={`/segments/${p.segmentId}/explain`} hx-target="#segment-explain-body" hx-swap="outerHTML">
        <label for="explain-contact">Contact</label>
        <input id="explain-contact" name="contact" type="search" value={p.query} maxlength={255} required placeholder="Email, user ID or Parley contact id" />
        <button type="submit" class="btn btn-small">Explain</button>
      </form>
      {p.error && <p class="form-error" role="alert">{p.error}</p>}
      {p.contact && p.explanation && <Result contact={p.contact} e={p.explanation} names={p.names ?? new Map()} />}
    </div>
  );
}

function Result(props: { contact: Contact; e: Explanation; names: ReadonlyMap<string, string> }) {
  const { contact, e } = props;
  const lag = e.member !== e.stored.member;
  return (
    <div class="explain-result">
      <p id="explain-verdict" class={e.member ? "verdict pass" : "verdict fail"}>
        <a href={`/contacts/${contact.id}`}>{displayName(contact)}</a> {e.member ? "matches this segment" : "does not match this segment"}
        {e.archived && " (archived contacts are in no segment)"}.
        {e.stored.member && e.stored.enteredAt !== null && <> Member since <Time ms={e.stored.enteredAt} />.</>}
        {lag && <span class="hint"> The stored membership catches up at the next refresh.</span>}
      </p>
      <div class="table-wrap">
        <table class="table explain-table">
          <thead><tr><th scope="col">Condition</th><th scope="col">Actual value</th><th scope="col">Result</th></tr></thead>
          <tbody><Rows node={e.root} depth={0} names={props.names} /></tbody>
        </table>
      </div>
    </div>
  );
}

function Rows(props: { node: ExplainedNode; depth: number; names: ReadonlyMap<string, string> }) {
  const n = props.node;
  return (
    <>
      <tr class={n.pass ? "pass" : "fail"} data-path={n.path || "root"}>
        <td style={`padding-left: ${0.75 + props.depth * 1.25}rem`}>{describeCondition(n.condition, props.names)}</td>
        <td>{n.kind === "group" ? <span class="muted">{n.children?.filter((c) => c.pass).length ?? 0} of {n.children?.length ?? 0} pass</span> : <Actual node={n} />}</td>
        <td><span class={n.pass ? "badge badge-pass" : "badge badge-fail"}>{n.pass ? "Pass" : "Fail"}</span></td>
      </tr>
      {n.children?.map((c) => <Rows node={c} depth={props.depth + 1} names={props.names} />)}
    </>
  );
}

function Actual(props: { node: ExplainedNode }) {
  const { actual, actualKind, itemKind } = props.node;
  if (actual === null || actual === undefined || actual === "") return <span class="muted">unknown</span>;
  if (actualKind === "date" && typeof actual === "number") return <Time ms={actual} />;
  if (actualKind === "boolean") return <>{actual ? "true" : "false"}</>;
  if (actualKind === "list" && Array.isArray(actual)) {
    if (actual.length === 0) return <span class="muted">no companies</span>;
    return <>{actual.map((v, i) => <>{i > 0 && ", "}{itemKind === "date" && typeof v === "number" ? <Time ms={v} /> : String(v ?? "unknown")}</>)}</>;
  }
  if (typeof actual === "number") return <>{actual.toLocaleString("en-US")}</>;
  return <>{typeof actual === "object" ? JSON.stringify(actual) : String(actual)}</>;
}
