import { describe, expect, it } from "vitest";
import { escapeHtml, htmlToText, looksLikeHtml, textToHtml } from "../../src/conversations/index.js";
import { sanitizeOperatorHtml } from "../../src/conversations/html.js";

describe("message bodies", () => {
  it("escapes text into paragraphs and line breaks", () => {
    expect(textToHtml("Hello <b>Ada</b> & co")).toBe("<p>Hello &lt;b&gt;Ada&lt;/b&gt; &amp; co</p>");
    expect(textToHtml("one\ntwo\r\n\r\nthree\n\n\n")).toBe("<p>one<br>two</p><p>three</p>");
    expect(textToHtml(" \n ")).toBe("");
    expect(escapeHtml(`"'`)).toBe("&quot;&#39;");
  });

  it("links URLs, without trailing punctuation and without letting quotes out of the attribute", () => {
    expect(textToHtml("see https://ex.com/a?b=1&c=2.")).toBe(
      '<p>see <a href="https://ex.com/a?b=1&amp;c=2" target="_blank" rel="nofollow noopener noreferrer">https://ex.com/a?b=1&amp;c=2</a>.</p>',
    );
    expect(textToHtml('https://ex.com/"onmouseover="x')).toContain('href="https://ex.com/"');
    expect(textToHtml("javascript:alert(1)")).toBe("<p>javascript:alert(1)</p>");
  });

  it("keeps allowlisted formatting of operator HTML and drops scripts, handlers, images and unsafe links", () => {
    expect(sanitizeOperatorHtml('<p>Hi <b onclick="x()">there</b></p><p>line<br />break</p><script>alert(1)</script>')).toBe(
      "<p>Hi <b>there</b></p><p>line<br />break</p>",
    );
    expect(sanitizeOperatorHtml("<img src=x onerror=alert(1)><p>&lt;script&gt; &amp;</p>")).toBe("<p>&lt;script&gt; &amp;</p>");
    expect(sanitizeOperatorHtml('<a href="javascript:alert(1)">x</a><a href="https://e.com/?a=1&b=2" target="_self">ok</a>')).toBe(
      '<a target="_blank" rel="nofollow noopener noreferrer">x</a><a href="https://e.com/?a=1&amp;b=2" target="_blank" rel="nofollow noopener noreferrer">ok</a>',
    );
  });

  it("turns HTML into plain text and tells HTML from text", () => {
    expect(htmlToText("<p>Hi&nbsp;<b>Ada</b></p><p>a &amp; b &#39;c&#x27;</p>")).toBe("Hi Ada\n\na & b 'c'");
    expect(looksLikeHtml("<p>x</p>")).toBe(true);
    expect(looksLikeHtml("2 < 3 and 4 > 1")).toBe(false);
  });
});
