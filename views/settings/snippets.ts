/** Values the install snippets are filled with. */
export interface InstallValues {
  /** PUBLIC_URL without a trailing slash, e.g. "https://chat.example.com". */
  publicUrl: string;
  /** The workspace's public app id (id_code). */
  appId: string;
  writeKey: string;
}

export interface Snippet {
  id: string;
  label: string;
  lang: "html" | "js";
  code: string;
}

/**
 * A JavaScript string literal safe to paste anywhere, including inside an HTML <script>: quotes via
 * JSON, and "<", U+2028/2029 escaped so a value can never close the tag or break the line.
 */
export function jsString(value: string): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Copy-ready setup code for every supported client, per COMPAT.md §0.1 and §4. */
export function installSnippets(v: InstallValues): Snippet[] {
  const url = new URL(`${v.publicUrl}/`);
  const prefix = url.pathname.replace(/\/+$/, "");
  const base = v.publicUrl.replace(/\/+$/, "");
  const widgetUrl = `${base}/widget/${encodeURIComponent(v.appId)}`;
  return [
    { id: "snippet-messenger", label: "Messenger (HTML snippet)", lang: "html", code: messenger(v.appId, widgetUrl) },
    { id: "snippet-intercom-client", label: "intercom-client (Node, v6+)", lang: "js", code: intercomClient(`${base}/api`) },
    { id: "snippet-intercom-io", label: "intercom.io (Node, API 1.x)", lang: "js", code: intercomIo(`${base}/api/`) },
    { id: "snippet-analytics-node", label: "@segment/analytics-node", lang: "js", code: analyticsNode(v.writeKey, base, prefix) },
    { id: "snippet-analytics-js", label: "analytics.js (@segment/analytics-next)", lang: "js", code: analyticsJs(v.writeKey, base, url, prefix) },
  ];
}

function messenger(appId: string, widgetUrl: string): string {
  return `<script>
  window.intercomSettings = {
    app_id: ${jsString(appId)},
    // For signed-in users add: user_id, email, name, created_at (and user_hash when identity verification is enforced)
  };
</script>
<script>
(function(){var w=window;var ic=w.Intercom;if(typeof ic==="function"){ic('reattach_activator');ic('update',w.intercomSettings);}else{var d=document;var i=function(){i.c(arguments);};i.q=[];i.c=function(args){i.q.push(args);};w.Intercom=i;var l=function(){var s=d.createElement('script');s.type='text/javascript';s.async=true;s.src=${jsString(widgetUrl)};var x=d.getElementsByTagName('script')[0];x.parentNode.insertBefore(s,x);};if(document.readyState==='complete'){l();}else if(w.attachEvent){w.attachEvent('onload',l);}else{w.addEventListener('load',l,false);}}})();
</script>`;
}

function intercomClient(apiBase: string): string {
  return `import { IntercomClient } from "intercom-client";

const intercom = new IntercomClient({
  token: process.env.PARLEY_API_TOKEN, // an API token from Settings → API tokens
  baseUrl: ${jsString(apiBase)},
});`;
}

function intercomIo(endpoint: string): string {
  return `const Intercom = require("intercom.io");

const intercom = new Intercom({
  personalAccessToken: process.env.PARLEY_API_TOKEN, // an API token from Settings → API tokens
  endpoint: ${jsString(endpoint)}, // keep the trailing slash
});`;
}

function analyticsNode(writeKey: string, base: string, prefix: string): string {
  // analytics-node resolves an absolute path against the host, dropping a path prefix; a relative one keeps it.
  const target = prefix ? `host: ${jsString(`${base}/`)},\n  path: "v1/batch",` : `host: ${jsString(base)},`;
  return `import { Analytics } from "@segment/analytics-node";

const analytics = new Analytics({
  writeKey: ${jsString(writeKey)},
  ${target}
});

analytics.identify({ userId: "9876", traits: { email: "john.doe@example.com" } });`;
}

function analyticsJs(writeKey: string, base: string, url: URL, prefix: string): string {
  const apiHost = `${url.host}${prefix}/v1`;
  const protocol = url.protocol.replace(":", "");
  return `import { AnalyticsBrowser } from "@segment/analytics-next";

export const analytics = AnalyticsBrowser.load(
  { writeKey: ${jsString(writeKey)}, cdnURL: ${jsString(base)} },
  { integrations: { "Segment.io": { apiHost: ${jsString(apiHost)}, protocol: ${jsString(protocol)} } } },
);`;
}
