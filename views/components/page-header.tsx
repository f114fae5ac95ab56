import type { Child } from "hono/jsx";

/** Title row of a page, with an optional line of context and actions on the right. */
export function PageHeader(props: { title: string; lead?: Child; actions?: Child }) {
  return (
    <header class="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.lead && <p class="lead">{props.lead}</p>}
      </div>
      {props.actions && <div class="page-actions">{props.actions}</div>}
    </header>
  );
}
