import { afterEach, describe, expect, it } from "vitest";
import { installSnippets, jsString } from "../../views/settings/snippets.js";
import { get, makeTestApp, owner, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

const byId = (snippets: ReturnType<typeof installSnippets>, id: string) => snippets.find((s) => s.id === id)!.code;

describe("install snippets", () => {
  it("fill every client's base URL the way that client builds it (COMPAT.md §0.1)", () => {
    const s = installSnippets({ publicUrl: "https://chat.example.com", appId: "abc12345", writeKey: "wk_1" });
    expect(byId(s, "snippet-messenger")).toContain('s.src="https://chat.example.com/widget/abc12345"');
    expect(byId(s, "snippet-messenger")).toContain('app_id: "abc12345"');
    expect(byId(s, "snippet-intercom-client")).toContain('baseUrl: "https://chat.example.com/api"');
    expect(byId(s, "snippet-intercom-io")).toContain('endpoint: "https://chat.example.com/api/"');
    expect(byId(s, "snippet-analytics-node")).toContain('host: "https://chat.example.com"');
    const browser = byId(s, "snippet-analytics-js");
    expect(browser).toContain('cdnURL: "https://chat.example.com"');
    expect(browser).toContain('apiHost: "chat.example.com/v1", protocol: "https"');
  });

  it("keep a path prefix where each client would otherwise drop it", () => {
    const s = installSnippets({ publicUrl: "http://example.com:8080/parley", appId: "a", writeKey: "k" });
    expect(byId(s, "snippet-analytics-node")).toContain('host: "http://example.com:8080/parley/",\n  path: "v1/batch",');
    expect(byId(s, "snippet-analytics-js")).toContain('apiHost: "example.com:8080/parley/v1", protocol: "http"');
    expect(byId(s, "snippet-intercom-io")).toContain('endpoint: "http://example.com:8080/parley/api/"');
  });

  it("escape values so they can neither end the string nor the <script>", () => {
    const key = `k"</script><script>alert(1)</script>`;
    const code = byId(installSnippets({ publicUrl: "http://x.test", appId: "a", writeKey: key }), "snippet-analytics-js");
    expect(code).not.toContain("</script>");
    expect(code).toContain('writeKey: "k\\"\\u003c/script>');
    expect(eval(jsString(key))).toBe(key);
  });
});

describe("/settings/install", () => {
  it("shows the current workspace's snippets, HTML-escaped", async () => {
    t = makeTestApp();
    const html = await (await get(t, "/settings/install", owner(t))).text();
    expect(html).toContain(`s.src=&quot;http://parley.test/widget/${t.workspace.idCode}&quot;`);
    expect(html).toContain(`writeKey: &quot;${t.workspace.writeKey}&quot;`);
    expect(html).toContain("baseUrl: &quot;http://parley.test/api&quot;");
    expect(html).toContain("personalAccessToken");
    expect(html).toContain("@segment/analytics-node");
    expect(html).toContain("AnalyticsBrowser.load");
    expect(html).not.toMatch(/<script>\s*window\.intercomSettings/);
  });
});
