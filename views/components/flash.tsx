export type FlashKind = "success" | "error" | "info";

/** A one-off message shown at the top of the next page or swapped in by an htmx response. */
export interface FlashMessage {
  kind: FlashKind;
  text: string;
}

/** The #flash region; with `oob` it replaces the page's region from inside an htmx fragment. */
export function FlashRegion(props: { flash?: FlashMessage | undefined; oob?: boolean }) {
  const f = props.flash;
  return (
    <div id="flash" class="flash-region" aria-live="polite" hx-swap-oob={props.oob ? "true" : undefined}>
      {f && (
        <div class={`flash flash-${f.kind}`} role={f.kind === "error" ? "alert" : "status"}>
          {f.text}
        </div>
      )}
    </div>
  );
}
