import { describe, expect, test } from "vitest";
import { markdownToHtml } from "../../src/email/markdown.js";

describe("markdownToHtml (the limited subset)", () => {
  test.each([
    ["paragraphs and line breaks", "one\ntwo\n\nthree", "<p>one<br>two</p>\n<p>three</p>"],
    ["headings", "# A\n## B\n### C", "<h1>A</h1>\n<h2>B</h2>\n<h3>C</h3>"],
    ["emphasis", "**b** __b__ *i* _i_ snake_case_word", "<p><strong>b</strong> <strong>b</strong> <em>i</em> <em>i</em> snake_case_word</p>"],
    ["inline code is not formatted", "`a *b* <c>`", "<p><code>a *b* &lt;c&gt;</code></p>"],
    ["links", "[Docs](https://d.example/?a=1&b=2) <https://x.example>", '<p><a href="https://d.example/?a=1&amp;b=2">Docs</a> <a href="https://x.example">https://x.example</a></p>'],
    ["unsafe link schemes stay text", "[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"],
    ["lists", "- a\n- b\n\n1. c\n2) d", "<ul><li>a</li><li>b</li></ul>\n<ol><li>c</li><li>d</li></ol>"],
    ["quotes", "> said\n> twice", "<blockquote><p>said<br>twice</p></blockquote>"],
    ["rules", "a\n\n---\n\nb", "<p>a</p>\n<hr>\n<p>b</p>"],
    ["fenced code keeps lines and escapes", "```\n<b>x</b>\n  y\n```", "<pre><code>&lt;b&gt;x&lt;/b&gt;\n  y</code></pre>"],
    ["raw HTML stays text", '<img src=x onerror="alert(1)">', "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>"],
  ])("%s", (_name, source, html) => {
    expect(markdownToHtml(source)).toBe(html);
  });
});
