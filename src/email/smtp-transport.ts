import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import nodemailer from "nodemailer";
import type { Config } from "../config.js";
import type { Log } from "../lib/log.js";
import { AppError } from "../lib/errors.js";
import type { SendResult, Transport } from "./types.js";

type Dkim = { domainName: string; keySelector: string; privateKey: string };

/** DKIM_PRIVATE_KEY is the PEM itself (literal `\n` allowed, as env files need) or a path to it. */
function loadKey(value: string): string {
  const pem = value.trimStart().startsWith("-----BEGIN") ? value.replace(/\\n/g, "\n") : readFileSync(value, "utf8");
  // Fail at startup of the transport, not with a cryptic error on the first message.
  createPrivateKey(pem);
  return pem;
}

/** DKIM signing options when all three settings are present; a partial setup is a configuration error. */
export function dkimOptions(config: Config): Dkim | undefined {
  const { DKIM_DOMAIN: domainName, DKIM_SELECTOR: keySelector, DKIM_PRIVATE_KEY: key } = config;
  if (!domainName && !keySelector && !key) return undefined;
  if (!domainName || !keySelector || !key) {
    throw new AppError("PRECONDITION_FAILED", "DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY must be set together");
  }
  return { domainName, keySelector, privateKey: loadKey(key) };
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
  message?: string;
  rejectedErrors?: { responseCode?: number; response?: string }[];
}

/**
 * Sorts a nodemailer failure. A 5xx answer to MAIL FROM, RCPT TO or DATA is permanent: the same message
 * will be refused again. Everything else is transient: 4xx answers, network trouble, timeouts, and also
 * refused credentials (535), which an operator fixes, after which a retry succeeds.
 */
export function classifySmtpError(err: unknown): Extract<SendResult, { status: "failed" }> {
  const e = (err ?? {}) as SmtpError;
  const responseCode = e.responseCode ?? e.rejectedErrors?.[0]?.responseCode;
  const auth = e.code === "EAUTH" || e.command === "AUTH PLAIN" || e.command === "AUTH LOGIN";
  const badAddress = e.code === "EENVELOPE" && responseCode === undefined;
  const permanent = badAddress || (!auth && responseCode !== undefined && responseCode >= 500 && responseCode < 600);
  return {
    status: "failed",
    permanent,
    recipientRejected: permanent && e.command === "RCPT TO",
    ...(responseCode !== undefined ? { responseCode } : {}),
    error: String(e.response ?? e.message ?? err).slice(0, 500),
  };
}

/** Pooled SMTP from SMTP_URL, DKIM-signed when configured. */
export function createSmtpTransport(config: Config, log: Log): Transport {
  const dkim = dkimOptions(config);
  const transporter = nodemailer.createTransport({ url: config.SMTP_URL!, pool: true, ...(dkim ? { dkim } : {}) });
  return {
    async deliver(m) {
      try {
        const info = await transporter.sendMail({
          from: { name: m.from.name ?? "", address: m.from.address },
          to: { name: m.to.name ?? "", address: m.to.address },
          subject: m.subject, html: m.html, text: m.text, date: m.date, messageId: m.messageId, headers: m.headers,
          ...(m.replyTo ? { replyTo: m.replyTo } : {}),
          ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
          ...(m.references?.length ? { references: m.references } : {}),
        });
        return { status: "sent", via: "smtp", messageId: info.messageId || m.messageId };
      } catch (err) {
        const failed = classifySmtpError(err);
        // The SMTP answer only: the URL (with its password) is never logged.
        log.warn("email not sent", { permanent: failed.permanent, responseCode: failed.responseCode, error: failed.error, workspaceId: m.workspaceId });
        return failed;
      }
    },
    close: () => transporter.close(),
  };
}
