export { ingestMessages, MAX_MESSAGE_BYTES, type Drop, type DropReason, type IngestRequest, type IngestResult } from "./ingest.js";
export { MESSAGE_TYPES, type MessageType, type SegmentMessage } from "./inputs.js";
export { MessageLedger } from "./dedupe.js";
