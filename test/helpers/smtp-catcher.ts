import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** One message as the catcher received it. */
export interface CaughtMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpCatcher {
  /** `smtp://127.0.0.1:<port>` for SMTP_URL. */
  url: string;
  port: number;
  messages: CaughtMail[];
  /** Resolves once `n` messages arrived; fails after `timeoutMs` instead of waiting forever. */
  waitFor(n: number, timeoutMs?: number): Promise<CaughtMail[]>;
  /** Makes RCPT TO for `address` fail with `code` (e.g. 550 permanent, 451 transient). */
  rejectRecipient(address: string, code: number, message?: string): void;
  /** Accepts `address` again after `rejectRecipient`. */
  acceptRecipient(address: string): void;
  close(): Promise<void>;
}

/** An in-process SMTP server on 127.0.0.1 (free port) that keeps every message, parsed by mailparser. */
export async function startSmtpCatcher(): Promise<SmtpCatcher> {
  const messages: CaughtMail[] = [];
  const waiters: { n: number; resolve: (m: CaughtMail[]) => void }[] = [];
  const rejections = new Map<string, { code: number; message: string }>();
  const notify = () => {
    for (const w of [...waiters]) {
      if (messages.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(messages.slice());
      }
    }
  };
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"], authOptional: true, logger: false,
    onRcptTo(address, _session, done) {
      const r = rejections.get(address.address.toLowerCase());
      if (!r) return done();
      done(Object.assign(new Error(r.message), { responseCode: r.code }));
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((parsed) => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
          messages.push({ envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, raw, parsed });
          done();
          notify();
        }, (err: Error) => done(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(n, timeoutMs = 10_000) {
      if (messages.length >= n) return Promise.resolve(messages.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`SMTP catcher: ${messages.length} of ${n} messages arrived within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
    rejectRecipient(address, code, message = code >= 500 ? "Mailbox unavailable" : "Try again later") {
      rejections.set(address.toLowerCase(), { code, message });
    },
    acceptRecipient(address) {
      rejections.delete(address.toLowerCase());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
