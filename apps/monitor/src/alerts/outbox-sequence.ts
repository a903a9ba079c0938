/**
 * @module The order of the outbox's files, apart from the wall clock: each name starts with a number
 * one higher than the highest already there, so an alert made after the clock was stepped back still
 * sorts after older ones, also across restarts. (Names of older versions began with the time in ms,
 * also 15 digits: they sort before every new one.)
 */
import { readdir } from 'node:fs/promises';

const WIDTH = 15;
const LEADING_NUMBER = /^(\d{15})-/;

/** Hands out the numbers that start the outbox's file names, in order. */
export class OutboxSequence {
  private counter?: Promise<{ next: number }>;

  constructor(private readonly dir: string) {}

  /** The next number, 15 digits; the first call continues from the highest name in the directory. */
  async next(): Promise<string> {
    this.counter ??= highestNumber(this.dir).then((highest) => ({ next: highest + 1 }));
    let counter: { next: number };
    try {
      counter = await this.counter;
    } catch (err) {
      this.counter = undefined; // the directory could not be read: try again with the next alert
      throw err;
    }
    return String(counter.next++).padStart(WIDTH, '0');
  }
}

/** The highest number a file name in `dir` starts with; 0 when there is none (or no directory yet). */
async function highestNumber(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw new Error(`outbox ${dir} cannot be read to number new alerts: ${(err as Error).message}`);
  }
  let highest = 0;
  for (const name of names) {
    const match = LEADING_NUMBER.exec(name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return highest;
}
