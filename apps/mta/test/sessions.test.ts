import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dataLayout, loadOrCreateSubmissionCredentials } from '@uptime/config';
import { killAll, launch, workDir } from './helpers/mta-process.js';
import { BINARIES, missing, waitFor } from './helpers/peers.js';
import { session } from './helpers/raw-session.js';
import { startTestMta, stopTestMtas } from './helpers/test-mta.js';

const run = promisify(execFile);

afterEach(killAll);
afterAll(stopTestMtas);

/** Sends one message with swaks and returns its exit code (0 when it was accepted). */
async function swaksWorks(port: number): Promise<boolean> {
  if (!existsSync(BINARIES.swaks)) return true;
  return run(BINARIES.swaks, ['--server', `127.0.0.1:${port}`, '--from', 'a@localhost', '--to', 'admin@localhost']).then(
    () => true,
    () => false,
  );
}

/** Resident memory of a process in kB (Linux). */
async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

describe('malformed and hostile sessions', () => {
  it('answers binary garbage and an overlong line with errors, and keeps serving', async () => {
    const t = await startTestMta();
    const garbage = session(t.port);
    await waitFor(() => garbage.received().startsWith('220 '), 'the greeting');
    garbage.socket.write(Buffer.from([0, 1, 2, 255, 254, 13, 10, 0xc3, 0x28, 13, 10]));
    garbage.socket.write(`EHLO ${'x'.repeat(10_000)}\r\n`);
    garbage.socket.write(`${'A'.repeat(20_000)}\r\n`);
    await waitFor(() => (garbage.received().match(/^5\d\d /gm)?.length ?? 0) >= 2 || garbage.socket.destroyed, 'error replies');
    garbage.socket.destroy();
    expect(await swaksWorks(t.port)).toBe(true);
  });

  it('queues nothing when the client disappears in the middle of DATA', async () => {
    const t = await startTestMta();
    const cut = session(t.port);
    await waitFor(() => cut.received().startsWith('220 '), 'the greeting');
    cut.socket.write('EHLO cut.test\r\nMAIL FROM:<a@localhost>\r\nRCPT TO:<admin@localhost>\r\nDATA\r\n');
    await waitFor(() => cut.received().includes('354 '), 'the DATA go-ahead');
    cut.socket.write('Subject: half\r\n\r\nthe first half of a message\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    cut.socket.destroy();
    await cut.closed;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await readdir(join(t.layout.spool, 'queue'))).toEqual([]);
    expect(existsSync(join(t.layout.mail, 'admin'))).toBe(false);
    expect(await swaksWorks(t.port)).toBe(true);
  });

  it('closes idle sessions after mta.idleTimeout', async () => {
    const t = await startTestMta((c) => (c.mta.idleTimeout = 500));
    const idle = session(t.port);
    await idle.closed;
    expect(idle.received()).toMatch(/^220 [^]*421 /m);
  });

  it('turns away clients over mta.maxClients (from an address without reserved places)', async () => {
    const t = await startTestMta((c) => (c.mta.maxClients = 3));
    const held = [session(t.port), session(t.port), session(t.port)];
    await Promise.all(held.map((s) => waitFor(() => s.received().startsWith('220 '), 'a greeting')));
    const extra = session(t.port, '127.0.0.1', '127.0.0.2');
    await extra.closed;
    expect(extra.received()).toMatch(/^421 .*Too many connected clients/);
    for (const s of held) s.socket.destroy();
  });

  it('survives thousands of connections opened and dropped, with bounded memory', async () => {
    const cwd = await workDir('mta:\n  listen: "127.0.0.1:0"\n');
    const mta = launch(cwd);
    const port = await mta.listening;
    const pid = mta.child.pid ?? 0;
    const churn = async () => {
      for (let batch = 0; batch < 20; batch += 1) {
        await Promise.all(
          Array.from({ length: 100 }, (_, i) => {
            const s = session(port);
            if (i % 3 === 0) s.socket.once('connect', () => s.socket.destroy());
            else if (i % 3 === 1) s.socket.once('data', () => s.socket.end('EHLO x\r\nMAIL FROM:<a@localhost>\r\n'));
            else s.socket.once('data', () => s.socket.destroy());
            return s.closed;
          }),
        );
      }
    };
    await churn(); // warm-up: the heap settles at its working size
    const before = await rssKb(pid);
    await churn();
    await churn();
    expect(await swaksWorks(port)).toBe(true);
    const after = await rssKb(pid);
    console.log(`sessions: RSS ${Math.round(before / 1024)} MB after 2,000 dropped connections, ${Math.round(after / 1024)} MB after 4,000 more`);
    expect(after - before).toBeLessThan(48 * 1024);
    expect(mta.child.exitCode).toBeNull();
  });
});

const canNetns = process.getuid?.() === 0 && ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip'].some((p) => existsSync(p));
if (!canNetns) console.warn('SKIPPED AUTH from another host: needs root and ip(8) for a network namespace');

describe.skipIf(!canNetns || missing('swaks') !== undefined)('AUTH from another host (network namespace)', () => {
  const ns = `umta${process.pid}`;
  const hostSide = `vh${process.pid % 1_000_000}`;
  const nsSide = `vn${process.pid % 1_000_000}`;

  afterAll(async () => {
    await run('ip', ['netns', 'del', ns]).catch(() => undefined);
  });

  it('offers AUTH only after STARTTLS to a client that is not on loopback', async () => {
    await run('ip', ['netns', 'add', ns]);
    await run('ip', ['link', 'add', hostSide, 'type', 'veth', 'peer', 'name', nsSide, 'netns', ns]);
    await run('ip', ['addr', 'add', '198.51.100.1/30', 'dev', hostSide]);
    await run('ip', ['link', 'set', hostSide, 'up']);
    await run('ip', ['netns', 'exec', ns, 'ip', 'addr', 'add', '198.51.100.2/30', 'dev', nsSide]);
    await run('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', nsSide, 'up']);
    const t = await startTestMta((c) => (c.mta.listen = { host: '198.51.100.1', port: 0 }));
    const { user, password } = await loadOrCreateSubmissionCredentials(dataLayout(t.layout.root));
    const swaks = (args: string[]) =>
      run('ip', ['netns', 'exec', ns, BINARIES.swaks, '--server', `198.51.100.1:${t.port}`, '--from', 'a@localhost', '--to', 'admin@localhost', ...args]).then(
        (r) => r.stdout + r.stderr,
        (err: { stdout: string; stderr: string }) => err.stdout + err.stderr,
      );
    const plain = await swaks(['--auth', 'PLAIN', '--auth-user', user, '--auth-password', password, '--quit-after', 'AUTH']);
    expect(plain).not.toMatch(/250-AUTH/);
    expect(plain).toMatch(/250-STARTTLS/);
    expect(plain).toMatch(/Host did not advertise authentication|requested type not available/);
    expect(plain).not.toContain('235 ');
    // a client that sends AUTH anyway is told to use TLS (RFC 4954 538 5.7.11), not that AUTH is unknown
    const script = `const s=require('net').connect(${t.port},'198.51.100.1');let t='';s.on('data',d=>{t+=d;if(t.startsWith('220 ')&&!s.sent){s.sent=1;s.write('EHLO x.test\\r\\nAUTH PLAIN AGEAYg==\\r\\nQUIT\\r\\n')}});s.on('close',()=>process.stdout.write(t))`;
    const { stdout: raw } = await run('ip', ['netns', 'exec', ns, process.execPath, '-e', script]);
    expect(raw).toMatch(/\r\n538 5\.7\.11 encryption required for authentication: issue STARTTLS first\r\n221 /);
    const overTls = await swaks(['--tls', '--auth', 'PLAIN', '--auth-user', user, '--auth-password', password, '--quit-after', 'AUTH']);
    expect(overTls).toMatch(/<~ {2}250-AUTH PLAIN LOGIN/);
    expect(overTls).toMatch(/<~ {2}235 2\.7\.0 Authentication successful/);
  });
});
