export type { Address, Mailer, OutgoingMail, SendResult, SuppressionReason } from "./types.js";
export { getMailer, closeMailer, sendMail, type SendHooks } from "./mailer.js";
export { classifySmtpError } from "./smtp-transport.js";
export { listOutbox, getOutboxMessage, pruneOutbox, type OutboxMessage, type OutboxSummary } from "./outbox.js";
export { previewHtml } from "./preview.js";
export { addSuppression, findSuppression, removeSuppression, listSuppressions, type Suppression, type SuppressionInput } from "./suppressions.js";
export { compileTemplate, validateLayout, type CompiledTemplate, type CompileOptions, type RenderOptions, type RenderedEmail, type TemplateVars } from "./compile.js";
export { mjmlRenderCount } from "./mjml.js";
export type { EmailBody } from "./body.js";
export { markdownToHtml } from "./markdown.js";
export { buildEmail, contactVars, companyVars, listUnsubscribeHeaders, type Recipient, type BuildOptions } from "./personalize.js";
export {
  openToken, clickToken, unsubscribeToken, readOpenToken, readClickToken, readUnsubscribeToken,
  type TrackingRef, type ClickRef,
} from "./tokens.js";
export { recordEmailOpen, recordEmailClick, unsubscribeContact, onEmailActivity, type EmailActivity, type ActivityHook, type UnsubscribeVia } from "./tracking.js";
export { makeReplyAddress, readReplyAddress, inboundDomain } from "./reply-address.js";
export { parseInbound, type InboundEmail, type InboundAttachment } from "./inbound/parse.js";
export { stripQuotedReply } from "./inbound/strip-quote.js";
export { onInboundEmail, receiveInbound, type InboundHandler, type InboundRoute, type InboundOutcome } from "./inbound/receive.js";
export { startInboundSmtp, MAX_INBOUND_BYTES, type InboundSmtp } from "./inbound/smtp-listener.js";
export { DEFAULT_LAYOUT } from "../../views/email/default-layout.js";
