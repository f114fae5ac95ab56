export * from "./record.js";
export * from "./submit.js";
export * from "./list.js";
