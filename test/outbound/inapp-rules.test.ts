import { describe, expect, it } from "vitest";
import { inAppContent, urlMatches } from "../../src/outbound/index.js";
import { globMatch } from "../../src/outbound/inapp-rules.js";

describe("urlMatches", () => {
  it("matches paths, full URLs and wildcards, whole string only", () => {
    const cases: [string | undefined, string, boolean][] = [
      [undefined, "https://a.example/x", true],
      ["/billing", "https://a.example/billing", true],
      ["/billing", "https://a.example/billing/", true],
      ["/billing", "https://a.example/billing?tab=1", true],
      ["/billing", "https://a.example/billing/plans", false],
      ["/billing", "https://a.example/account/billing", false],
      ["/billing/*", "https://a.example/billing/plans", true],
      ["*/billing", "https://a.example/account/billing", true],
      ["/BILLING", "https://a.example/billing", true],
      ["/search?q=*", "https://a.example/search?q=shoes", true],
      ["/search?q=*", "https://a.example/search", false],
      ["/", "https://a.example/", true],
      ["/", "https://a.example/x", false],
      ["https://a.example/*", "https://a.example/deep/page#frag", true],
      ["https://a.example/*", "https://b.example/deep", false],
      ["*.example/pricing", "https://shop.example/pricing", true],
      ["/a.b", "https://a.example/aXb", false],
      ["/billing", "not a url", false],
    ];
    for (const [pattern, url, expected] of cases) expect(urlMatches(pattern, url), `${pattern} ~ ${url}`).toBe(expected);
  });
});

describe("globMatch", () => {
  it("agrees with the equivalent anchored RegExp on every short pattern and subject", () => {
    const words = (alphabet: string, max: number) => {
      const out = [""];
      for (let n = 0; n < out.length; n++) if (out[n]!.length < max) for (const ch of alphabet) out.push(out[n]! + ch);
      return out;
    };
    const subjects = words("ab", 5);
    let matches = 0;
    for (const pattern of words("ab*", 4)) {
      const re = new RegExp(`^${pattern.split("*").join(".*")}$`);
      for (const subject of subjects) {
        const expected = re.test(subject);
        matches += Number(expected);
        expect(globMatch(pattern, subject), `${pattern} ~ ${subject}`).toBe(expected);
      }
    }
    expect(matches).toBeGreaterThan(1000);
  });

  it("answers a page URL built to make a many-star pattern backtrack (visitors choose the URL)", () => {
    // A `.*`-joined RegExp needs minutes for this one; the widget's GET /messenger/inapp would stall the server.
    const url = `https://shop.example/${"a".repeat(2000)}`;
    expect(urlMatches("/*a*a*a*a*ab", url)).toBe(false);
    expect(urlMatches("/*a*a*a*a*a", url)).toBe(true);
  });
});

describe("inAppContent", () => {
  it("keeps well-formed replies and http(s) buttons, drops the rest", () => {
    const c = inAppContent({
      replies: [{ label: "Yes", value: "yes" }, { label: "Same", value: "yes" }, { label: "  " }, "junk", { label: "No" }],
      attribute: "answer_attr",
      button: { label: "Open", url: "javascript:alert(1)" },
    });
    expect(c.replies).toEqual([{ label: "Yes", value: "yes" }, { label: "No", value: "No" }]);
    expect(c).toMatchObject({ attribute: "answer_attr", event: "quick_reply", button: null, allowReply: false });
    expect(inAppContent({ button: { label: "Go", url: "https://x.example" } })).toMatchObject({ button: { label: "Go", url: "https://x.example" }, allowReply: true });
    expect(inAppContent({ allowReply: false }).allowReply).toBe(false);
    expect(inAppContent(null)).toMatchObject({ replies: [], attribute: null, button: null });
  });
});
