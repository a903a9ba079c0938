/** @module The default problem sink of readers: console.warn, once per message. */

const seen = new Set<string>();
const MAX_REMEMBERED = 1000;

/** Warns about a damaged file the first time this process sees that message. */
export function warnOnce(message: string): void {
  if (seen.has(message)) return;
  if (seen.size >= MAX_REMEMBERED) seen.clear();
  seen.add(message);
  console.warn(`events: ${message}`);
}
