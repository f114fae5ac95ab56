import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One accepted message: its envelope recipient and Message-ID header. */
export interface Received {
  to: string;
  messageId: string;
}

export interface Sink {
  url: string;
  received: Received[];
  /** SMTP sessions still open (a killed client's close the moment its socket resets). */
  openSessions(): number;
  close(): Promise<void>;
}

/**
 * A counting SMTP peer for the crash test: it accepts every message and keeps recipient + Message-ID. Unlike the
 * shared catcher it expects clients to vanish mid-conversation (SIGKILL) and treats their resets as normal.
 */
export async function startSink(): Promise<Sink> {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"], authOptional: true, logger: false, maxClients: 100,
    onData(stream, session, done) {
      let head = "";
      let tail = "";
      stream.on("data", (c: Buffer) => {
        const s = c.toString("latin1");
        if (head.length < 8192) head += s;
        tail = (tail + s).slice(-300);
      });
      stream.on("end", () => {
        // Only a whole message counts (it ends with the closing MIME boundary): a client killed mid-DATA is not one.
        if (!/\n--[^\r\n]+--\s*$/.test(tail)) return done(new Error("incomplete message"));
        const id = /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? "";
        for (const r of session.envelope.rcptTo) received.push({ to: r.address, messageId: id });
        done();
      });
    },
  });
  server.on("error", () => {
    // ECONNRESET from a killed client.
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  const sessions = (server as unknown as { connections: Set<unknown> }).connections;
  return { url: `smtp://127.0.0.1:${port}`, received, openSessions: () => sessions.size, close: () => new Promise<void>((r) => server.close(() => r())) };
}
