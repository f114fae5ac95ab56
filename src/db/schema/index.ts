export * from "./workspaces.js";
export * from "./contacts.js";
export * from "./events.js";
export * from "./companies.js";
