/** @module Message ids for the API: base64url of "<mailbox>/<unique name>", decoded strictly. */

/** Where a message lives: its mailbox directory and the Maildir unique name (the file name without `:2,` info). */
export interface MessageRef {
  mailbox: string;
  unique: string;
}

// 255-byte mailbox + "/" + 255-byte unique name is at most 684 base64url characters.
const ID_PATTERN = /^[A-Za-z0-9_-]{2,700}$/;

/** True for a single path segment that names an entry inside a directory, never anything outside it. */
export function isPlainName(name: string): boolean {
  return (
    name.length > 0 &&
    Buffer.byteLength(name) <= 255 &&
    name !== '.' &&
    name !== '..' &&
    !/[/\\\u0000-\u001f\u007f\ufffd]/.test(name)
  );
}

/** The API id of a message; uses only `A-Za-z0-9_-` and keeps when the message moves from new/ to cur/. */
export function encodeMessageId(ref: MessageRef): string {
  return Buffer.from(`${ref.mailbox}/${ref.unique}`, 'utf8').toString('base64url');
}

/** The mailbox and unique name an id stands for, or undefined when the id is malformed. */
export function decodeMessageId(id: string): MessageRef | undefined {
  if (!ID_PATTERN.test(id)) return undefined;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  // Only the canonical encoding is accepted: this rejects padding tricks and invalid UTF-8.
  if (Buffer.from(text, 'utf8').toString('base64url') !== id) return undefined;
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ref = { mailbox: text.slice(0, slash), unique: text.slice(slash + 1) };
  if (!isPlainName(ref.mailbox) || !isPlainName(ref.unique) || ref.unique.includes(':')) return undefined;
  return ref;
}
