/** @module Test helper: MailStores opened on a test's Maildir and remembered, so that the test's afterEach closes every one. */
import { MailStore, type MailStoreOptions } from '../mail-store/mail-store.js';

/** An alert-like message as raw text. */
export const rawAlert = (subject: string) => `From: Uptime <uptime@localhost>\r\nTo: admin@localhost\r\nSubject: ${subject}\r\n\r\nbody\r\n`;

/** `open` makes a store on `mailDir()` (warnings dropped unless the options say otherwise); `stores` holds every one made. */
export function storeOpener(mailDir: () => string): { stores: MailStore[]; open: (options?: MailStoreOptions) => MailStore } {
  const stores: MailStore[] = [];
  const open = (options: MailStoreOptions = {}) => {
    const store = new MailStore(mailDir(), { warn: () => undefined, ...options });
    stores.push(store);
    return store;
  };
  return { stores, open };
}
