import type { Child } from "hono/jsx";

/** A short explanation with a way out: refusals, dead links, errors. */
export function Notice(props: { title: string; message: string; action?: Child; requestId?: string | undefined }) {
  return (
    <section class="notice-page" role="alert">
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.requestId && <p class="muted small">Request id: <code>{props.requestId}</code></p>}
      {props.action && <p>{props.action}</p>}
    </section>
  );
}
