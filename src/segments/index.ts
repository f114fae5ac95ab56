import { registerSegmentSearch } from "./search-field.js";
import "./tag-rename.js";

export * from "./queries.js";
export { createSegment, createSegmentOffThread, updateSegment, updateSegmentOffThread, deleteSegment, recomputeSegment } from "./manage.js";
export { refreshSegments, reevaluateContacts, recordSizes, type RefreshReport } from "./refresh.js";
export { watchSegments } from "./watch.js";
export { explainMembership, type Explanation, type ExplainedNode } from "./explain.js";
export { compileDefinition } from "./compile.js";
export { renameTagIn } from "./tag-rename.js";
export { compileStored } from "./catalog.js";
export { contactsQuery, evaluateAll, evaluateContacts, fullQuery, queryPlan, timeCandidates } from "./evaluate.js";
export { parseDefinition, type Condition, type Definition } from "./inputs.js";
export { registerFunctions } from "./sql.js";
export type { ChangeReason } from "./memberships.js";
export type { CompiledSegment, ValueKind } from "./tree.js";

// Contact search answers `segment_id` from stored memberships as soon as the segments engine is loaded.
registerSegmentSearch();
export { listSegmentSummaries, listMemberPage, membersCsv, type SegmentSummary, type MemberRow } from "./admin-read.js";
export { previewDefinition, previewDefinitionOffThread, type SegmentPreview } from "./admin-preview.js";
export { countMembersOffThread } from "./worker-reader.js";
