import type { MessageChannel, MessageKind, MessageStatus } from "../../src/db/schema/index.js";

export const CHANNEL_LABELS: Record<MessageChannel, string> = {
  email: "Email", chat: "In-app chat", post: "Post", banner: "Banner", notification: "Notification",
};
export const KIND_LABELS: Record<MessageKind, string> = { one_off: "One-off", ongoing: "Automatic", series: "Series step" };
export const STATUS_LABELS: Record<MessageStatus, string> = {
  draft: "Draft", scheduled: "Scheduled", sending: "Sending", sent: "Sent", live: "Live", paused: "Paused", cancelled: "Cancelled", archived: "Archived",
};

/** 0.1234 → "12.3%"; nothing sent → "–". */
export function pct(part: number, whole: number): string {
  if (whole <= 0) return "–";
  return `${((100 * part) / whole).toFixed(1)}%`;
}

/** 12345 → "12,345". */
export function n(x: number): string {
  return x.toLocaleString("en-US");
}
