/**
 * What analytics.js fetches from `{cdnURL}/v1/projects/{writeKey}/settings` (COMPAT.md §5.1): it points the
 * Segment.io destination at this server. `apiHost` has no scheme and ends in `/v1`; `protocol` is given
 * only for plain-HTTP installs, since analytics.js otherwise assumes https.
 */
export function settingsBody(writeKey: string, publicUrl: string): Record<string, unknown> {
  const url = new URL(publicUrl);
  const apiHost = `${url.host}${url.pathname.replace(/\/+$/, "")}/v1`;
  const segmentIo: Record<string, unknown> = { apiKey: writeKey, apiHost };
  if (url.protocol === "http:") segmentIo.protocol = "http";
  return {
    integrations: { "Segment.io": segmentIo },
    plan: { track: { __default: { enabled: true } } },
    analyticsNextEnabled: true,
  };
}
