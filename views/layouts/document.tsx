import { raw } from "hono/html";
import type { Child } from "hono/jsx";

/**
 * htmx settings read from a <meta> at load: 4xx responses are swapped (form errors re-render the form,
 * refusals land in #flash), no inline indicator <style> (the CSP forbids inline CSS from scripts
 * anyway; parley.css has the rules), no eval, and history restores never get a fragment.
 */
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  historyRestoreAsHxRequest: false,
  responseHandling: [
    { code: "204", swap: false },
    { code: "[234]..", swap: true },
    { code: "5..", swap: false, error: true },
  ],
});

export interface DocumentProps {
  title: string;
  /** JSON for <body hx-headers>: every htmx request then carries the CSRF token and workspace. */
  hxHeaders?: string | undefined;
  bodyClass?: string | undefined;
  children?: Child;
}

/** The HTML document around every admin page: doctype, head, assets served by Parley itself. */
export function Document(props: DocumentProps) {
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <title>{`${props.title} · Parley`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href="/static/parley.css" />
          <script src="/vendor/htmx.min.js" defer></script>
          <script src="/static/parley.js" defer></script>
        </head>
        <body class={props.bodyClass} hx-headers={props.hxHeaders}>
          {props.children}
        </body>
      </html>
    </>
  );
}
