/**
 * @module From the text typed into the search box to an FTS5 query: the words in it as one phrase, the
 * last of them also matching longer words ("192.0.2" finds 192.0.2.1, "gate" finds gateway).
 */

/** Runs of letters, digits and marks: the words the index's unicode61 tokenizer makes. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The FTS5 MATCH expression for a search, or undefined when the text has no letter or digit. */
export function searchExpression(text: string): string | undefined {
  const words = text.normalize('NFC').match(WORD);
  if (!words) return undefined;
  return `"${words.join(' ')}"*`;
}
