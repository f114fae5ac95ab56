export * from "./queries.js";
export * from "./upsert.js";
export * from "./attach.js";
