/**
 * Segment-style request bodies (the same shape as load/segment.lua builds for wrk):
 * one `track` event is ~400 bytes; a batch of 20 is ~8 KB. userIds are spread over `users`
 * distinct users and every messageId is unique, so Parley dedupes nothing.
 */
export const EVENT_NAMES = ["Order Completed", "Page Viewed", "Signed In", "Feature Used", "Project Created", "Invite Sent"];

export function trackEvent(userId: number, name: string, messageId: string, timestamp: string): string {
  return (
    `{"type":"track","userId":"user-${userId}","event":"${name}","properties":{"order_id":"o_${userId}",` +
    `"revenue":42.5,"currency":"USD","plan":"pro","path":"/checkout/complete"},` +
    `"context":{"ip":"203.0.113.7","userAgent":"Mozilla/5.0 (X11; Linux x86_64)","library":{"name":"@segment/analytics-node",` +
    `"version":"3.1.0"}},"timestamp":"${timestamp}","messageId":"${messageId}","integrations":{}}`
  );
}

/** A body generator: `/v1/track` gets one event, `/v1/batch` gets `{"batch":[…events]}`. */
export function bodyMaker(opts: { events: number; users: number; tag: string; timestamp: string }): () => string {
  let seq = 0;
  return () => {
    seq++;
    const evs: string[] = [];
    for (let i = 0; i < opts.events; i++) {
      const user = 1 + Math.floor(Math.random() * opts.users);
      const name = EVENT_NAMES[(seq + i) % EVENT_NAMES.length]!;
      evs.push(trackEvent(user, name, `${opts.tag}-${seq}-${i}`, opts.timestamp));
    }
    return opts.events === 1 ? evs[0]! : `{"batch":[${evs.join(",")}]}`;
  };
}

/** HTTP Basic header Segment libraries send: base64("writeKey:"). */
export const basicAuth = (writeKey: string) => `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`;
