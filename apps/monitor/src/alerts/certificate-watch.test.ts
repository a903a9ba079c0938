import { describe, expect, it } from 'vitest';
import { CertificateWatch, DAY_MS } from './certificate-watch.js';

describe('CertificateWatch', () => {
  const now = Date.UTC(2026, 11, 4, 12);
  const within = 14 * DAY_MS;

  it('raises a certificate that expires within the window, then once a day while it does', () => {
    const watch = new CertificateWatch();
    const notAfter = now + 3 * DAY_MS + 60_000;
    const table: Array<[string, number, number | undefined]> = [
      ['first check inside the window', 0, 3],
      ['a check a second later', 1000, undefined],
      ['a check 23 h later', 23 * 3_600_000, undefined],
      ['a check a day after the first', DAY_MS, 2],
      ['the next check', DAY_MS + 2000, undefined],
      ['two days after the first', 2 * DAY_MS, 1],
    ];
    for (const [what, after, daysLeft] of table) expect([what, watch.due('web', notAfter, within, now + after, after)]).toEqual([what, daysLeft]);
  });

  it('is quiet outside the window, counts days below zero after expiry, and starts afresh for a renewed certificate', () => {
    const watch = new CertificateWatch();
    expect(watch.due('web', now + 20 * DAY_MS, within, now, 0)).toBeUndefined();
    expect(watch.due('web', now - DAY_MS / 2, within, now, 0)).toBe(-1);
    expect(watch.due('web', now - DAY_MS / 2, within, now, 1000)).toBeUndefined();
    expect(watch.due('web', now + 90 * DAY_MS, within, now, 2000)).toBeUndefined(); // renewed
    expect(watch.due('web', now + 10 * DAY_MS, within, now, 3000)).toBe(10); // a new certificate inside the window: at once
  });

  it('keeps each target to itself', () => {
    const watch = new CertificateWatch();
    expect(watch.due('a', now + DAY_MS, within, now, 0)).toBe(1);
    expect(watch.due('b', now + DAY_MS, within, now, 0)).toBe(1);
  });

  it('waits out the day of a report from an earlier run', () => {
    const watch = new CertificateWatch();
    watch.raisedBefore('web', 20 * 3_600_000, 1000); // 20 h before, in the run before this one
    expect(watch.due('web', now + DAY_MS, within, now, 1000)).toBeUndefined();
    expect(watch.due('web', now + DAY_MS, within, now, 1000 + 4 * 3_600_000)).toBe(1);
  });
});
