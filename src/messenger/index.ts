export { bootMessenger, updateMessenger, PING_INTERVAL_MS, type BootResult, type Visit } from "./boot.js";
export { verifyIdentity, verifyUserJwt, checkUserHash, type VerifiedIdentity, type IdentityClaimsInput } from "./identity.js";
export { issueSession, readSession, SESSION_TTL, type WidgetSession } from "./session.js";
export { messengerAppearance, APPEARANCE_KEY, type MessengerAppearance } from "./settings.js";
export * from "./inputs.js";
export * from "./conversations.js";
