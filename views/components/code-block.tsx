/** A copy-ready code sample; the Copy button is wired by /static/parley.js (select-all works without it). */
export function CodeBlock(props: { id: string; label: string; code: string; lang?: string }) {
  return (
    <figure class="code-block">
      <figcaption>
        <span>{props.label}</span>
        <button type="button" class="btn btn-small" data-copy={props.id} aria-label={`Copy ${props.label}`}>
          Copy
        </button>
      </figcaption>
      <pre tabindex={0}><code id={props.id} data-lang={props.lang}>{props.code}</code></pre>
    </figure>
  );
}
