export * from "./workspaces.js";
export * from "./contacts.js";
export * from "./events.js";
export * from "./companies.js";
export * from "./admin.js";
export * from "./segments.js";
