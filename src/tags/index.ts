export * from "./queries.js";
export * from "./manage.js";
export * from "./apply.js";
export * from "./save.js";
