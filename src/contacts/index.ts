export * from "./queries.js";
export * from "./inputs.js";
export { identifyContact, addAlias, type IdentifyResult } from "./identify.js";
export { aliasContact } from "./alias.js";
export { mergeContactRows, onContactMerge, recountUsers, type MergeHook } from "./merge.js";
export { insertContact, updateContactRow, mergeAttrs } from "./profile.js";
export { touchSession, startSession, type Visit } from "./sessions.js";
export { parseUserAgent, locateIp } from "./enrich.js";
