import type { Child } from "hono/jsx";

/** Shown where a list has nothing yet: says what this place is for and what to do next. */
export function EmptyState(props: { title: string; children?: Child; action?: Child }) {
  return (
    <div class="empty-state">
      <h3>{props.title}</h3>
      {props.children && <div class="empty-body">{props.children}</div>}
      {props.action && <div class="empty-action">{props.action}</div>}
    </div>
  );
}
