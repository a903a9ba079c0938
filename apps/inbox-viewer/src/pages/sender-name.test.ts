import { describe, expect, it } from 'vitest';
import { readHeaderSummary, LIST_FIELD_CHARS } from '../mail-store/header-summary.js';
import { tempDataDir } from '../test-support/maildir-fixture.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SENDER_CHARS, senderName } from './sender-name.js';

describe('senderName', () => {
  it('finds the display name, else the address, else the whole text', () => {
    expect(senderName('"Uptime" <uptime@localhost>')).toBe('Uptime');
    expect(senderName('Uptime Sensor <uptime@localhost>')).toBe('Uptime Sensor');
    expect(senderName('"Mallory <script>" <m@evil.example>')).toBe('Mallory <script>');
    expect(senderName('"  " <m@evil.example>')).toBe('m@evil.example');
    expect(senderName('<m@evil.example>')).toBe('m@evil.example');
    expect(senderName('plain@localhost')).toBe('plain@localhost');
    expect(senderName('a@b, "C" <c@d>')).toBe('a@b, "C"'); // several senders: what comes before the last address
  });

  it('answers a From of 64 folded encoded words (57,600 spaces) with its address, looking at a capped amount of text', async () => {
    const word = `=?utf-8?Q?${'_'.repeat(900)}?=`;
    const dir = tempDataDir();
    try {
      const file = join(dir.layout.root, 'm');
      writeFileSync(file, `From: ${Array(64).fill(word).join('\r\n ')} <mallory@evil.example>\r\nSubject: spaces\r\n\r\nbody\r\n`);
      const { from } = await readHeaderSummary(file);
      expect(from.length).toBeLessThanOrEqual(LIST_FIELD_CHARS); // the list keeps at most this much of it
      // the old pattern backtracked quadratically here (seconds per row); the result was the whole 57,625-character text
      const shown = senderName(`"${' '.repeat(57_600)}" <mallory@evil.example>`);
      expect(shown).toBe('mallory@evil.example');
      expect(senderName(from).length).toBeLessThanOrEqual(SENDER_CHARS);
      expect(senderName(`${'x'.repeat(100_000)} <a@b>`)).toHaveLength(SENDER_CHARS);
    } finally {
      dir.remove();
    }
  });
});
