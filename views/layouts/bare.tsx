import type { Child } from "hono/jsx";
import { FlashRegion, type FlashMessage } from "../components/flash.js";
import { Document } from "./document.js";

/** Signed-out pages (sign in, setup, invite, refusals): one centred card. */
export function BareLayout(props: { title: string; flash?: FlashMessage | undefined; children?: Child }) {
  return (
    <Document title={props.title} bodyClass="bare">
      <main id="main" class="bare-main">
        <div class="bare-brand">
          <span class="brand-mark" aria-hidden="true">P</span> Parley
        </div>
        <FlashRegion flash={props.flash} />
        <div class="card bare-card">{props.children}</div>
      </main>
    </Document>
  );
}
