/**
 * @module Event ids that sort by time: `<ms base 36, 9 digits>-<writer tag>-<counter base 36>`,
 * e.g. `0mi8x3k2a-9f3a1c2e-00001z`. Only `A-Za-z0-9._-`; unique across writers by the random tag.
 */

/** Returns a function that makes the next id of a writer for an event at `ms`. */
export function createIdFactory(tag: string): (ms: number) => string {
  let counter = 0;
  return (ms) => {
    counter += 1;
    const time = Math.max(0, Math.trunc(ms)).toString(36).padStart(9, '0');
    return `${time}-${tag}-${counter.toString(36).padStart(6, '0')}`;
  };
}
