import { makeContact, makeOperator } from "../api/factories.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";

export { makeContact, makeOperator };

/** A test app plus a contact and an operator: the cast of most conversation scenarios. */
export function setup(): TestApp & { contact: ReturnType<typeof makeContact>; op: ReturnType<typeof makeOperator> } {
  const t = makeTestApp();
  return Object.assign(t, { contact: makeContact(t), op: makeOperator(t, { name: "Olive", email: "olive@example.com" }) });
}

/** One parsed SSE frame. */
export interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: boolean;
  retry?: number;
}

/** Parses complete frames out of `buffer`; returns them and the unparsed rest. */
export function parseFrames(buffer: string): { frames: Frame[]; rest: string } {
  const frames: Frame[] = [];
  let rest = buffer;
  for (let end = rest.indexOf("\n\n"); end !== -1; end = rest.indexOf("\n\n")) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    const f: Frame = {};
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) f.comment = true;
      else if (line.startsWith("id: ")) f.id = line.slice(4);
      else if (line.startsWith("event: ")) f.event = line.slice(7);
      else if (line.startsWith("data: ")) f.data = line.slice(6);
      else if (line.startsWith("retry: ")) f.retry = Number(line.slice(7));
    }
    frames.push(f);
  }
  return { frames, rest };
}

/** Reads an SSE body frame by frame; `until` waits for frames (never for time). */
export class SseReader {
  readonly frames: Frame[] = [];
  private buffer = "";
  private readonly decoder = new TextDecoder();
  done = false;

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  static of(res: Response): SseReader {
    if (!res.body) throw new Error("no body");
    return new SseReader(res.body.getReader());
  }

  /** Reads until `pred` holds for the frames read so far (or the stream ends); returns all frames. */
  async until(pred: (frames: Frame[]) => boolean): Promise<Frame[]> {
    while (!pred(this.frames) && !this.done) {
      const { done, value } = await this.reader.read();
      if (done) {
        this.done = true;
        break;
      }
      const parsed = parseFrames(this.buffer + this.decoder.decode(value, { stream: true }));
      this.buffer = parsed.rest;
      this.frames.push(...parsed.frames);
    }
    return this.frames;
  }

  /** Events (frames with an event name) of one type, data parsed. */
  events(name: string): unknown[] {
    return this.frames.filter((f) => f.event === name).map((f) => JSON.parse(f.data ?? "null"));
  }

  /** Id of the last frame that carried one: what EventSource would send as Last-Event-ID. */
  lastId(): string | undefined {
    return this.frames.filter((f) => f.id !== undefined).at(-1)?.id;
  }

  /** Reads to the end of the stream. */
  async end(): Promise<Frame[]> {
    return this.until(() => false);
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }
}
