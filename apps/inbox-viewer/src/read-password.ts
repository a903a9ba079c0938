/** @module Reads a password for `hash-password`: from a TTY without echo (asked twice), else the first line of stdin. */
import { createInterface } from 'node:readline';

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(prompt);
    input.setRawMode(true);
    input.resume();
    let value = '';
    const done = (result: string | Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done(value);
        if (char === '\u0003') return done(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
  });
}

async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

/** The password to hash; throws with a sentence when it is empty or the two entries differ. */
export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const password = await firstLine();
    if (!password) throw new Error('no password on standard input');
    return password;
  }
  const password = await askHidden('Password: ');
  if (!password) throw new Error('the password is empty');
  if ((await askHidden('Again: ')) !== password) throw new Error('the two passwords differ');
  return password;
}
