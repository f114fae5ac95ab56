/**
 * A deliberately small Markdown subset for email bodies, not CommonMark. Supported, and nothing else:
 * paragraphs (a blank line) with single line breaks kept as `<br>`; `#`, `##`, `###` headings;
 * `-`/`*`/`+` and `1.` lists (one level); `>` quotes (one level); `---` rules; fenced ``` code blocks;
 * inline `**bold**`, `__bold__`, `*em*`, `_em_`, `` `code` ``, `[text](url)` and `<https://autolinks>`.
 * Every character of the source is HTML-escaped first, so raw HTML in the source stays text; the result
 * still goes through the sanitizer like any body.
 */

import { escapeHtml } from "../lib/html.js";

export { escapeHtml };

/** A link target with a scheme other than these is dropped (javascript:, data:, …). */
const SAFE_URL = /^(?:https?:\/\/|mailto:)|^[^:]*$/i;

/** Inline markup of one escaped line or paragraph. */
function inline(source: string): string {
  const stash: string[] = [];
  const keep = (html: string) => `\u0000${stash.push(html) - 1}\u0000`;
  let s = escapeHtml(source);
  s = s.replace(/`([^`]+)`/g, (_, code: string) => keep(`<code>${code}</code>`));
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, text: string, url: string) =>
    SAFE_URL.test(url) ? keep(`<a href="${url}">${emphasis(text)}</a>`) : whole);
  s = s.replace(/&lt;(https?:\/\/[^\s]+?)&gt;/g, (_, url: string) => keep(`<a href="${url}">${url}</a>`));
  s = emphasis(s);
  return s.replace(/\u0000(\d+)\u0000/g, (_, n: string) => stash[Number(n)]!);
}

function emphasis(s: string): string {
  return s
    .replace(/\*\*(?=\S)(.+?)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|\W)__(?=\S)(.+?)__(?=\W|$)/g, "$1<strong>$2</strong>")
    .replace(/(^|[^*])\*(?=[^*\s])([^*]*?)\*/g, "$1<em>$2</em>")
    .replace(/(^|\W)_(?=[^_\s])([^_]*?)_(?=\W|$)/g, "$1<em>$2</em>");
}

type Block = { kind: "p" | "quote" | "ul" | "ol"; lines: string[] };

const BLOCK_OF: [RegExp, Block["kind"]][] = [[/^>\s?(.*)$/, "quote"], [/^[-*+]\s+(.*)$/, "ul"], [/^\d{1,9}[.)]\s+(.*)$/, "ol"]];

function renderBlock(b: Block): string {
  if (b.kind === "ul" || b.kind === "ol") return `<${b.kind}>${b.lines.map((l) => `<li>${inline(l)}</li>`).join("")}</${b.kind}>`;
  const p = `<p>${b.lines.map(inline).join("<br>")}</p>`;
  return b.kind === "quote" ? `<blockquote>${p}</blockquote>` : p;
}

/** Markdown subset (see the file comment) → HTML. */
export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/\u0000/g, "").replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  let block: Block | undefined;
  const flush = () => {
    if (block) out.push(renderBlock(block));
    block = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^```/.test(line)) {
      flush();
      const code: string[] = [];
      while (++i < lines.length && !/^```/.test(lines[i]!)) code.push(lines[i]!);
      out.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`);
      continue;
    }
    if (line.trim() === "") { flush(); continue; }
    const heading = /^(#{1,3})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) { flush(); out.push(`<h${heading[1]!.length}>${inline(heading[2]!)}</h${heading[1]!.length}>`); continue; }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) { flush(); out.push("<hr>"); continue; }
    const [kind, text] = blockKind(line);
    if (!block || block.kind !== kind) { flush(); block = { kind, lines: [] }; }
    block.lines.push(text);
  }
  flush();
  return out.join("\n");
}

function blockKind(line: string): [Block["kind"], string] {
  for (const [re, kind] of BLOCK_OF) {
    const m = re.exec(line);
    if (m) return [kind, m[1]!];
  }
  return ["p", line];
}
