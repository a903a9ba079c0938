/** @module Reading the Message-ID header of a raw message. */

/** How far into a message the header section is searched. */
const HEADER_LIMIT = 256 * 1024;

/** The header section of a raw message: everything before the first empty line. */
export function headerSection(data: Buffer): string {
  const text = data.subarray(0, HEADER_LIMIT).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

/** The value of the first header called `name` (unfolded, trimmed), or undefined. */
export function findHeader(data: Buffer, name: string): string | undefined {
  const unfolded = headerSection(data).replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}[ \\t]*:[ \\t]*(.*)$`, 'im').exec(unfolded);
  const value = match?.[1]?.trim();
  return value ? value : undefined;
}

/** The Message-ID header's value (with its angle brackets), or undefined when there is none. */
export function findMessageId(data: Buffer): string | undefined {
  return findHeader(data, 'message-id');
}
