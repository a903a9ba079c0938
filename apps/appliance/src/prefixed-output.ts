/** @module Copies a child's output line by line, each line prefixed with the part's name. */
import type { Readable, Writable } from 'node:stream';

const COLORS: Record<string, string> = { mta: '\x1b[35m', viewer: '\x1b[36m', monitor: '\x1b[33m' };

/** The prefix for `name`, padded so that the parts' lines align; coloured on a terminal. */
export function prefixFor(name: string, color: boolean): string {
  const label = name.padEnd(8);
  return color ? `${COLORS[name] ?? ''}${label}\x1b[0m| ` : `${label}| `;
}

/** Pipes `from` into `to` with `prefix` before each line; a trailing partial line is flushed after 100 ms. */
export function pipePrefixed(from: Readable, to: Writable, prefix: string): void {
  let partial = '';
  let timer: NodeJS.Timeout | undefined;
  const flushPartial = () => {
    timer = undefined;
    if (partial) to.write(`${prefix}${partial}`);
    partial = '';
  };
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    clearTimeout(timer);
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    if (lines.length) to.write(lines.map((l) => `${prefix}${l}\n`).join(''));
    if (partial) timer = setTimeout(flushPartial, 100);
  });
  from.on('end', () => {
    clearTimeout(timer);
    flushPartial();
  });
}
