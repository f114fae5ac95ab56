import { raw } from "hono/html";
import type { Child } from "hono/jsx";

const STYLE = `
body { margin: 0; background: #f4f5f7; color: #1f2937; font: 16px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 440px; margin: 12vh auto 0; padding: 32px; background: #fff; border-radius: 10px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
h1 { font-size: 22px; margin: 0 0 12px; color: #111827; }
p { margin: 0 0 16px; }
button { font: inherit; padding: 10px 18px; border: 0; border-radius: 6px; background: #1f2937; color: #fff; cursor: pointer; }
button:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
.muted { color: #6b7280; font-size: 14px; }`;

/** A small standalone page for people following a link from an email (no admin assets, no scripts). */
export function PublicPage(props: { title: string; children?: Child }) {
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{props.title}</title>
          <link rel="icon" href="data:," />
          <style>{raw(STYLE)}</style>
        </head>
        <body>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}

/** GET /u/:token: asks before unsubscribing, because mail scanners follow links but do not submit forms. */
export function UnsubscribeConfirm(p: { workspaceName: string; email: string | null; action: string }) {
  return (
    <PublicPage title="Unsubscribe">
      <h1>Unsubscribe from {p.workspaceName}?</h1>
      <p>{p.email ? <>You will no longer receive emails from {p.workspaceName} at <strong>{p.email}</strong>.</> : <>You will no longer receive emails from {p.workspaceName}.</>}</p>
      <form method="post" action={p.action}>
        <button type="submit">Unsubscribe</button>
      </form>
    </PublicPage>
  );
}

/** After unsubscribing (or a repeat of it). */
export function UnsubscribeDone(p: { workspaceName: string }) {
  return (
    <PublicPage title="Unsubscribed">
      <h1>You are unsubscribed</h1>
      <p>{p.workspaceName} will not send you emails any more. Replies to conversations you start still reach you.</p>
    </PublicPage>
  );
}

/** A link from an email that is not (or no longer) valid. */
export function LinkInvalid() {
  return (
    <PublicPage title="Link not valid">
      <h1>This link is not valid</h1>
      <p class="muted">It may have been copied incompletely. Try opening it again from the email.</p>
    </PublicPage>
  );
}
