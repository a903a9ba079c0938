/** @module The inbox viewer as a library: the app factory and the mail store it reads. */
export { createApp, type AppDeps } from './app.js';
export { MailStore, type MessageSummary, type ListQuery, type ListResult } from './mail-store/mail-store.js';
export type { MessageView } from './mail-store/message-view.js';
export { encodeMessageId, decodeMessageId, type MessageRef } from './mail-store/message-id.js';
