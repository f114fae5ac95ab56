export { bootMessenger, updateMessenger, PING_INTERVAL_MS, type BootResult, type Visit } from "./boot.js";
export { verifyIdentity, verifyUserJwt, checkUserHash, type VerifiedIdentity, type IdentityClaimsInput } from "./identity.js";
export { issueSession, readSession, SESSION_TTL, type WidgetSession } from "./session.js";
export { messengerAppearance, APPEARANCE_KEY, type MessengerAppearance } from "./settings.js";
export * from "./inputs.js";
export * from "./conversations.js";
export { startEmailContinuity, contactAway, teamOnline, type Continuity } from "./continuity.js";
export { supplyEmail } from "./supply-email.js";
export { widgetTeam, type WidgetTeam } from "./team.js";
