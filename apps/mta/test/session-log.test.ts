/** @module Issue 12 defect 13: refusals, timeouts, oversize rejections and dropped sessions are each one line on the MTA's stderr with the client address, at most so many a second. */
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, launch, workDir } from './helpers/mta-process.js';
import { waitFor } from './helpers/peers.js';
import { session, type RawSession } from './helpers/raw-session.js';
import { LOG_LINES_PER_SECOND } from '../src/smtp/session-log.js';

afterEach(killAll);

const greeted = (s: RawSession) => waitFor(() => s.received().startsWith('220 '), 'the greeting');

describe("the MTA's session log", () => {
  it('writes one line per refusal, timeout, oversize message and lost connection, naming the client as [address]', async () => {
    const cwd = await workDir(['mta:', '  listen: "127.0.0.1:0"', '  maxMessageSize: 1000', '  clientConnectionLimit: 2', '  idleTimeout: 1500', ''].join('\n'));
    const mta = launch(cwd);
    const port = await mta.listening;
    const stderr = () => mta.output().stderr;

    // dropped in the middle of DATA
    const cut = session(port, '127.0.0.1', '127.0.0.5');
    await greeted(cut);
    cut.socket.write('EHLO cut.test\r\nMAIL FROM:<a@localhost>\r\nRCPT TO:<admin@localhost>\r\nDATA\r\n');
    await waitFor(() => cut.received().includes('\r\n354 '), 'the DATA go-ahead');
    cut.socket.write('Subject: half\r\n\r\nhalf a message\r\n');
    await new Promise((resolve) => setTimeout(resolve, 200));
    cut.socket.destroy();
    await waitFor(() => /^mta: lost connection after DATA \(\d+ bytes\) from \[127\.0\.0\.5\]$/m.test(stderr()), 'the lost connection line');

    // refused recipient, oversize message, then an idle timeout, all in one session
    const s = session(port, '127.0.0.1', '127.0.0.6');
    await greeted(s);
    s.socket.write('EHLO big.test\r\nMAIL FROM:<a@localhost>\r\nRCPT TO:<nobody@localhost>\r\nRCPT TO:<admin@localhost>\r\nDATA\r\n');
    await waitFor(() => s.received().includes('\r\n354 '), 'the DATA go-ahead');
    s.socket.write(`Subject: big\r\n\r\n${'y'.repeat(2000)}\r\n.\r\n`);
    await waitFor(() => /\r\n552 /.test(s.received()), 'the 552');
    await s.closed; // the idle timeout
    expect(stderr()).toMatch(/^mta: reject: RCPT from \[127\.0\.0\.6\]: 550 5\.1\.1 <nobody@localhost>: recipient address rejected: no such mailbox here/m);
    expect(stderr()).toMatch(/^mta: reject: DATA from \[127\.0\.0\.6\]: 552 5\.3\.4 /m);
    expect(stderr()).toMatch(/^mta: timeout after DATA from \[127\.0\.0\.6\]$/m);

    // the per-client limit
    const held = [session(port, '127.0.0.1', '127.0.0.7'), session(port, '127.0.0.1', '127.0.0.7')];
    await Promise.all(held.map(greeted));
    const third = session(port, '127.0.0.1', '127.0.0.7');
    await third.closed;
    expect(stderr()).toMatch(/^mta: warning: connection concurrency limit exceeded: 3 from \[127\.0\.0\.7\]$/m);
    for (const h of held) h.socket.destroy();

    // each of these appears once, and nothing logs without an address
    for (const pattern of [/lost connection after DATA/g, /reject: RCPT from \[127\.0\.0\.6\]/g, /timeout after DATA from \[127\.0\.0\.6\]/g]) {
      expect(stderr().match(pattern)).toHaveLength(1);
    }
    expect(stderr()).not.toMatch(/ECONNRESET/);
  });

  it('writes at most LOG_LINES_PER_SECOND lines a second and then one summary line', async () => {
    const cwd = await workDir('mta:\n  listen: "127.0.0.1:0"\n  maxRecipients: 1000\n');
    const mta = launch(cwd);
    const port = await mta.listening;
    const s = session(port, '127.0.0.1', '127.0.0.8');
    await greeted(s);
    const count = 200;
    s.socket.write(`EHLO flood.test\r\nMAIL FROM:<a@localhost>\r\n${Array.from({ length: count }, (_, i) => `RCPT TO:<nobody${i}@localhost>\r\n`).join('')}QUIT\r\n`);
    await s.closed;
    const tally = () => {
      const out = mta.output().stderr;
      const written = (out.match(/^mta: reject: RCPT from \[127\.0\.0\.8\]: 550 5\.1\.1 /gm) ?? []).length;
      const summaries = [...out.matchAll(/^mta: (\d+) more session log lines suppressed \(at most (\d+) a second\)$/gm)];
      return { written, suppressed: summaries.reduce((n, m) => n + Number(m[1]), 0), limits: summaries.map((m) => Number(m[2])) };
    };
    // every refusal is either written or counted in a summary line
    await waitFor(() => tally().written + tally().suppressed === count, 'every refusal written or counted');
    const { written, suppressed, limits } = tally();
    expect(suppressed).toBeGreaterThan(0);
    expect(written).toBeGreaterThanOrEqual(LOG_LINES_PER_SECOND);
    expect(written).toBeLessThan(count / 2);
    expect(new Set(limits)).toEqual(new Set([LOG_LINES_PER_SECOND]));
  });
});
