/** Operator presence lives beside the hub (src/realtime/presence.ts); the inbox counts its streams there. */
export { operatorConnected, onlineOperatorIds } from "../../../realtime/index.js";
