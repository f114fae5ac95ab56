import { registerMergeHook } from "./merge.js";

export * from "./queries.js";
export * from "./inputs.js";
export * from "./views.js";
export type { ConversationEvent, PartAddedEvent, ReadEvent } from "./events.js";
export { startConversation, type StartResult } from "./start.js";
export { addPart, type PartResult } from "./add-part.js";
export { assignConversation, assignRoundRobin, pickRoundRobinOperator, type ChangeResult } from "./assign.js";
export { setConversationState, wakeSnoozed } from "./state.js";
export { markRead, setTeamRead, countUnreadForContact, inboxCounts, readMarker, type ReadResult, type ViewCount } from "./read.js";
export { updateConversation, deleteConversation } from "./update.js";
export { listConversations, type InboxView, type ListOrder, type ConversationCursor, type ListConversationsOpts, type ConversationPage } from "./list.js";
export { compileConversationSearch, CONVERSATION_SEARCH_FIELDS, type ConversationSearchScope } from "./search.js";
export { searchPartsText, ftsQuery, type TextHit } from "./fts.js";
export { escapeHtml, textToHtml, htmlToText, looksLikeHtml } from "./html.js";
export { moveConversations } from "./merge.js";

// A lead merged into a user brings its conversations along (inside the merge transaction).
registerMergeHook();
export { createSavedReply, listSavedReplies, getSavedReply, deleteSavedReply, renderSavedReply, savedReplyInput, type SavedReply, type SavedReplyInput, type ReplyVars } from "./saved-replies.js";
export { sendReplyEmail, threadMessageIds, paragraphsOf, type ReplyEmailOutcome } from "./email-reply.js";
export { appendEmailReply } from "./email-inbound.js";
export { notifyOperatorsOfConversation } from "./notify-operators.js";
export { saveImage, bindUpload, readUpload, uploadIdOf, uploadsDir, UPLOAD_URL_PREFIX, type UploadMeta } from "./uploads.js";
export { imageInfo, type ImageInfo } from "./image-info.js";
