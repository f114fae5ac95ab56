export {
  parseMessageInput, VARIANT_LABELS, WHERE_OPS, GOAL_ATTRIBUTE_OPS,
  type MessageInput, type MessagePatch, type VariantInput, type Audience, type Trigger, type Frequency, type Display, type Goal,
  type DeliveryWindow, type WhereCondition,
} from "./inputs.js";
export {
  getMessage, findMessage, listMessages, listVariants, findDelivery, listContactDeliveries,
  type Message, type Variant, type Delivery, type MessageWithVariants, type MessageFilter,
} from "./queries.js";
export { createMessage, updateMessage, promoteVariant } from "./manage.js";
export { launchMessage, pauseMessage, resumeMessage, cancelMessage, archiveMessage, startDueMessages } from "./lifecycle.js";
export { enqueueDelivery, pickVariant, bucket, type EnqueueInput } from "./enqueue.js";
export { audienceIds, stillInAudience } from "./audience.js";
export { recordDeliveryOutcome, OUTCOMES, type Outcome, type OutcomeExtra } from "./outcomes.js";
export {
  getOutboundSettings, setOutboundSettings, capAllows, capReopensAt, nextAllowedTime, validZone,
  type OutboundSettings, type TimeRules,
} from "./settings.js";
// Statistics, A/B verdicts and reports (the admin's Messages pages and Reports → Messages).
export { messageStats, statsByMessage, variantStats, totalsOf, progressOf, metricSql, rate, METRICS, type Metric, type MessageStats, type ArmStats } from "./stats.js";
export { listStatsByMessage, forgetListStats } from "./stats-cache.js";
export { messageTimeline, type Timeline } from "./stats-timeline.js";
export { countOutcomeContacts, listOutcomeContacts, iterateOutcomeContacts, type OutcomeContact, type OutcomeFilter } from "./stats-contacts.js";
export { AB_METRICS, AB_METRICS_BY_CHANNEL, abMetricAllowed } from "./abtest-metric.js";
export { analyzeAbTest, abMetricFor, automaticAbMetric, MIN_SAMPLE_PER_ARM, type AbVerdict, type AbMetric, type ArmResult } from "./abtest.js";
export { judgeAbTest, judgeAutoPromotions } from "./abtest-judge.js";
export { twoProportionZTest, probabilityToBeat, normalCdf } from "./abtest-math.js";
export { messagesReport, messagesReportTable, type MessageReportRow, type MessageReportFilter } from "./report.js";
export { INAPP_CHANNELS, isInAppChannel, urlMatches, inAppContent, type InAppChannel, type InAppContent, type QuickReply } from "./inapp-rules.js";
export { dueInAppMessages, inAppInbox, countUnreadInApp, type InAppView } from "./inapp.js";
export { lastDeliveryRowid, newInAppDeliveries, inAppPushPayload, type NewInAppDelivery } from "./inapp-push.js";
export { markInAppShown, dismissInApp, openInApp, clickInApp, answerInApp, replyToInApp } from "./inapp-actions.js";
export { watchOutbound } from "./triggers.js";
export { eventMetadataKeys, type MetadataKey } from "./trigger-keys.js";
export { previewMessage, sendTestMessage, pickPreviewVariant } from "./report-preview.js";
export { runSender, type SendReport } from "./send.js";
export { sendAdminMessage, type AdminMessageInput } from "./admin-message.js";
export { runTimeTriggers } from "./time-triggers.js";
export { deliveryMessageId } from "./send-email.js";

import { registerEmailHooks } from "./email-hooks.js";
// Email opens, clicks and unsubscribes reach their delivery as soon as the outbound domain is loaded.
registerEmailHooks();
import "./follow.js";
