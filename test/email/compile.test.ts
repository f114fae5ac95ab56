import { describe, expect, test } from "vitest";
import { compileTemplate, DEFAULT_LAYOUT, mjmlRenderCount, validateLayout } from "../../src/email/index.js";
import { AppError } from "../../src/lib/errors.js";
import { compileMarkdown, hrefs } from "./support.js";

const vars = (contact: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  contact: { custom_attributes: {}, ...contact }, company: null, workspace: { name: "Acme" }, ...extra,
});

/** The AppError a promise rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("compileTemplate", () => {
  test("renders MJML once per template, however many recipients, and reuses identical compilations", async () => {
    const before = mjmlRenderCount();
    const tpl = await compileMarkdown("Hi {{ contact.name }}, counted once");
    const names = Array.from({ length: 50 }, (_, i) => tpl.render(vars({ name: `Person ${i}` })).text.split(",")[0]);
    expect(names[49]).toBe("Hi Person 49");
    expect(mjmlRenderCount()).toBe(before + 1);
    const other = await compileMarkdown("Hi {{ contact.name }}, another body");
    expect(mjmlRenderCount()).toBe(before + 2);
    const same = await compileTemplate(DEFAULT_LAYOUT, { markdown: "Hi {{ contact.name }}, another body" }, { subject: "Hello" });
    expect(same).toBe(other);
    expect(mjmlRenderCount()).toBe(before + 2);
  });

  test("substitutes per recipient with fallbacks, escaping every value in the HTML", async () => {
    const tpl = await compileMarkdown('Hi {{ contact.name | default: "there" }}, on {{ contact.custom_attributes.plan }} at {{ company.name }}', "For {{ contact.name }}");
    const named = tpl.render({ ...vars({ name: '<script>alert("x")</script>', custom_attributes: { plan: "Pro & more" } }), company: { name: "O'Neil <Co>" } });
    expect(named.html).toContain("Hi &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;, on Pro &amp; more at O&#39;Neil &lt;Co&gt;");
    expect(named.html).not.toContain("<script>alert");
    expect(named.text).toContain('Hi <script>alert("x")</script>, on Pro & more');
    expect(named.subject).toBe('For <script>alert("x")</script>');
    const anonymous = tpl.render(vars({ name: null }));
    expect(anonymous.html).toContain("Hi there, on  at");
  });

  test("Liquid inside MJML attributes survives MJML: quotes in a filter argument, values escaped in the attribute", async () => {
    const layout = DEFAULT_LAYOUT.replace(
      "<mj-text>{{ body }}</mj-text>",
      '<mj-text>{{ body }}</mj-text>\n        <mj-button href="https://x.example/?n={{ contact.name | default: "friend" | url_encode }}&amp;p=1" title="{{ contact.name }}">Go</mj-button>',
    );
    const tpl = await compileTemplate(layout, { markdown: "Body" });
    const plain = tpl.render(vars({ name: null }));
    expect(hrefs(plain.html)).toContain("https://x.example/?n=friend&p=1");
    const quoted = tpl.render(vars({ name: 'A "B"' }));
    expect(hrefs(quoted.html)).toContain("https://x.example/?n=A+%22B%22&p=1");
    expect(quoted.html).toContain('title="A &#34;B&#34;"');
  });

  test("every link gets a stable index; unsafe values in a link become #", async () => {
    const tpl = await compileMarkdown("[One](https://one.example/a) and [Two]({{ contact.custom_attributes.site }}) and [Mail](mailto:hi@acme.example)");
    expect(tpl.links).toEqual(["https://one.example/a", "{{ contact.custom_attributes.site }}", "mailto:hi@acme.example", "{{ unsubscribe_url }}"]);
    const seen: [string, number][] = [];
    const out = tpl.render(vars({ custom_attributes: { site: "javascript:alert(1)" } }), { link: (url, i) => (seen.push([url, i]), `https://t.example/${i}`) });
    expect(seen).toEqual([["https://one.example/a", 0]]);
    expect(hrefs(out.html).slice(0, 3)).toEqual(["https://t.example/0", "#", "mailto:hi@acme.example"]);
  });

  test("the plain-text part keeps link targets and the unsubscribe line", async () => {
    const tpl = await compileMarkdown("# Launch\n\nRead [the notes](https://acme.example/notes) today.\n\n- one\n- two");
    const out = tpl.render(vars({}, { unsubscribe_url: "https://parley.example/u/t" }));
    expect(out.text).toBe("Launch\n\nRead the notes (https://acme.example/notes) today.\n\n- one\n- two\n\n--\nUnsubscribe: https://parley.example/u/t");
    expect(tpl.render(vars({})).text).not.toContain("Unsubscribe");
  });

  test("the default layout is English, loads no web fonts and shows the unsubscribe link only when given", async () => {
    const tpl = await compileMarkdown("Hello");
    const out = tpl.render(vars({}, { unsubscribe_url: "https://parley.example/u/t" }));
    expect(out.html).toMatch(/<html[^>]*lang="en"/);
    expect(out.html).not.toContain("fonts.googleapis");
    expect(hrefs(out.html)).toContain("https://parley.example/u/t");
    expect(hrefs(tpl.render(vars({})).html)).not.toContain("https://parley.example/u/t");
  });

  test("sanitizes HTML bodies", async () => {
    const tpl = await compileTemplate(DEFAULT_LAYOUT, { html: '<p onclick="x()">Hi</p><script>alert(1)</script><a href="javascript:alert(1)">bad</a><img src="https://i.example/a.png" onerror="x()">' });
    const html = tpl.render(vars({})).html;
    expect(html).toContain("<p>Hi</p>");
    expect(html).not.toMatch(/onclick|onerror|<script>alert|javascript:/);
    expect(html).toContain('<img src="https://i.example/a.png" />');
  });
});

describe("template errors", () => {
  test("an MJML mistake in a custom layout is a 400 naming its line", async () => {
    const layout = '<mjml lang="en">\n  <mj-body>\n    <mj-section>\n      <mj-column>\n        <mj-bogus>x</mj-bogus>\n        <mj-text>{{ body }}</mj-text>\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>';
    const err = await rejection(validateLayout(layout));
    expect(err.status).toBe(400);
    expect(err.field).toBe("layout");
    expect(err.message).toMatch(/line 5/);
    expect(err.message).toContain("mj-bogus");
  });

  test("line numbers stay right when Liquid spans lines and the body is long", async () => {
    const layout = '<mjml lang="en">\n  <mj-body>\n    {% comment %}\n    a note\n    {% endcomment %}\n    <mj-section>\n      <mj-column>\n        <mj-text>{{ body }}</mj-text>\n        <mj-text colr="red">x</mj-text>\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>';
    const err = await rejection(compileTemplate(layout, { markdown: "a\n\nb\n\nc\n\n```\nx\ny\n```" }));
    expect(err.message).toMatch(/line 9/);
  });

  test.each([
    ["a layout without the body slot", () => compileTemplate("<mjml><mj-body></mj-body></mjml>", { markdown: "x" }), "layout", /exactly once/],
    ["a Liquid syntax error in the body", () => compileMarkdown("Hi {% if contact.name %}"), "body", /Liquid error in body/],
    ["an unknown filter", () => compileMarkdown("Hi {{ contact.name | shout }}"), "body", /undefined filter/],
    ["the raw filter", () => compileMarkdown("Hi {{ contact.name | raw }}"), "body", /raw/],
    ["a Liquid error in the subject", () => compileMarkdown("Hi", "{{ contact.name "), "subject", /Liquid error in subject/],
  ])("%s is a VALIDATION error", async (_name, run, field, message) => {
    const err = await rejection(run());
    expect(err.code).toBe("VALIDATION");
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
  });

  test("templates cannot walk the prototype chain", async () => {
    const tpl = await compileMarkdown("[{{ contact.constructor.name }}]");
    expect(tpl.render(vars({ name: "x" })).text).toContain("[]");
  });
});
