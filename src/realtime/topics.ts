/**
 * Topic names. Who may subscribe is the route's decision: `conversation:` and `inbox:` topics carry notes
 * and are for operators only; a widget subscribes to its own `contact:` topic and nothing else.
 */
export const conversationTopic = (conversationId: string | number) => `conversation:${conversationId}`;
export const contactTopic = (contactId: string) => `contact:${contactId}`;
export const inboxTopic = (workspaceId: string) => `inbox:${workspaceId}`;
