/**
 * Where a stream is: the SSE event id `<seq>-<cursor>` of the last frame a client received.
 *
 * - `seq` orders every hub message. A resume from `seq` replays each topic's buffered messages with a larger
 *   seq, in seq order, when all the stream's topics still hold everything after it.
 * - `cursor` is the highest part id the hub had published when the frame's message was published. Parts are
 *   published in id order (= commit order), so a client at `cursor` has every part of its topics up to it.
 *   When a buffer cannot cover the gap (the process restarted, or the messages aged out), stored parts after
 *   `cursor` are read back from the database instead; typing and presence are not stored and are skipped.
 *
 * Both numbers are fixed when a message is published, so its frame (id included) is built once for every
 * subscriber.
 */
export interface Position {
  seq: number;
  cursor: number;
}

/** `Position` → SSE `id:` value. */
export function formatEventId(p: Position): string {
  return `${p.seq}-${p.cursor}`;
}

/** SSE `Last-Event-ID` → `Position`; anything malformed is undefined (the stream starts fresh). */
export function parseEventId(id: string | null | undefined): Position | undefined {
  const m = id ? /^(\d{1,16})-(\d{1,16})$/.exec(id.trim()) : null;
  if (!m) return undefined;
  const seq = Number(m[1]);
  const cursor = Number(m[2]);
  return Number.isSafeInteger(seq) && Number.isSafeInteger(cursor) ? { seq, cursor } : undefined;
}
