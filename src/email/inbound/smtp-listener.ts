import type { AddressInfo } from "node:net";
import type { SMTPServerOptions } from "smtp-server";
import type { Ctx } from "../../context.js";
import { AppError } from "../../lib/errors.js";
import { inboundDomain } from "../reply-address.js";
import { receiveInbound } from "./receive.js";

/** Largest message accepted, by SMTP and by the HTTP endpoint (attachments included). */
export const MAX_INBOUND_BYTES = 25 * 1024 * 1024;

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

type SmtpReply = Error & { responseCode: number };
const reply = (code: number, message: string): SmtpReply => Object.assign(new Error(message), { responseCode: code });

/** Maps a failure to an SMTP answer: refused for good (5xx) or "try again later" (4xx). */
function smtpAnswer(err: unknown): SmtpReply {
  if (err instanceof AppError && (err.code === "NOT_FOUND" || err.code === "VALIDATION" || err.code === "FORBIDDEN")) return reply(550, err.message);
  return reply(451, "Temporary failure, please try again later");
}

/** Accepts mail for INBOUND_DOMAIN only, so the listener never looks like a relay, and hands each message to `receiveInbound`. */
function listenerOptions(ctx: Ctx): SMTPServerOptions {
  const domain = inboundDomain(ctx);
  return {
    banner: "Parley", logger: false, disabledCommands: ["STARTTLS", "AUTH"], authOptional: true, size: MAX_INBOUND_BYTES,
    onRcptTo(address, _session, done) {
      const at = address.address.lastIndexOf("@");
      if (domain && address.address.slice(at + 1).toLowerCase() !== domain) return done(reply(550, "No such recipient here"));
      done();
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) return done(reply(552, "Message too large"));
        const envelope = session.envelope.rcptTo.map((r) => r.address);
        receiveInbound(ctx, Buffer.concat(chunks), { via: "smtp", envelope }).then(
          () => done(),
          (err: unknown) => {
            if (!(err instanceof AppError)) ctx.log.error("inbound email failed", { err: String(err) });
            done(smtpAnswer(err));
          },
        );
      });
    },
  };
}

/**
 * The built-in SMTP listener for replies: off unless SMTP_INBOUND_PORT is set (or a port is passed).
 * No STARTTLS or AUTH: put it behind an MTA or a TLS proxy when the path crosses the internet.
 * Closes itself on shutdown.
 */
export async function startInboundSmtp(ctx: Ctx, opts: { port?: number; host?: string } = {}): Promise<InboundSmtp | undefined> {
  const port = opts.port ?? ctx.config.SMTP_INBOUND_PORT;
  if (port === undefined) return undefined;
  const { SMTPServer } = await import("smtp-server");
  const server = new SMTPServer(listenerOptions(ctx));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, opts.host ?? ctx.config.HOST, () => resolve());
  });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= new Promise<void>((resolve) => server.close(() => resolve())));
  ctx.shutdown.addEventListener("abort", () => void close(), { once: true });
  return { port: (server.server.address() as AddressInfo).port, close };
}
