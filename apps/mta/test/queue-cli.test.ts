import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { dataLayout, loadOrCreateSubmissionCredentials } from '@uptime/config';
import { readEvents } from '@uptime/events';
import { killAll, launch, runCli, workDir } from './helpers/mta-process.js';
import { freePort, missing, startDnsmasq, startSmtpSink, stopPeers, waitFor } from './helpers/peers.js';

const skip = missing('dnsmasq', 'smtpSink');
let dns = '';
let mxPort = 0;

beforeAll(async () => {
  if (skip) return;
  mxPort = await freePort();
  dns = (await startDnsmasq(['--mx-host=later.test,mx.later.test,10', '--host-record=mx.later.test,127.0.0.31'])).server;
});
afterEach(killAll);
afterAll(stopPeers);

/** A working directory whose MTA relays by MX through the test DNS, retrying only every hour. */
const mxWorkDir = () =>
  workDir(
    [
      'mta:',
      '  listen: "127.0.0.1:0"',
      '  relay:',
      '    mode: mx',
      `    dnsServers: ["${dns}"]`,
      `    mxPort: ${mxPort}`,
      '    retry: { first: 1h, max: 1h, lifetime: 5d }',
    ].join('\n'),
  );

async function submit(cwd: string, port: number, to: string, messageId: string): Promise<string> {
  const { user, password } = await loadOrCreateSubmissionCredentials(dataLayout(join(cwd, 'data')));
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: { user, pass: password } });
  const info = await client.sendMail({ from: 'uptime@localhost', to, subject: 'queued', text: 'x', messageId });
  return /queued as ([A-Z0-9]+)/.exec(info.response)?.[1] ?? '';
}

const deferredCount = async (cwd: string) => (await readEvents(join(cwd, 'data', 'events'), { code: 'MAIL_DEFERRED' })).length;

describe.skipIf(skip)('uptime-mta queue', () => {
  it('lists deferred mail, flushes it through the running MTA, and deletes on request', async () => {
    const cwd = await mxWorkDir();
    const mta = launch(cwd);
    const port = await mta.listening;
    const first = await submit(cwd, port, 'one@later.test', '<one@test>');
    const second = await submit(cwd, port, 'two@later.test', '<two@test>');
    await waitFor(async () => (await deferredCount(cwd)) === 2, 'two deferrals');

    const listed = await waitFor(async () => {
      const out = (await runCli(cwd, ['queue', 'list'])).stdout;
      return out.split('deferred, 1 attempt(s)').length === 3 && out;
    }, 'the listing');
    expect(listed).toMatch(new RegExp(`^-Queue ID- .*\\n${first} +\\d+ \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  uptime@localhost  \\(deferred, 1 attempt\\(s\\), next `, 'm'));
    expect(listed).toMatch(/\(connect to mx\.later\.test\[127\.0\.0\.31\]:\d+: connect ECONNREFUSED 127\.0\.0\.31:\d+\)\n +one@later\.test\n/);
    expect(listed).toMatch(/-- \d+ Kbytes in 2 Requests\.\n$/);
    const json = JSON.parse((await runCli(cwd, ['queue', 'list', '--json'])).stdout) as { messages: Array<{ id: string; attempts: number }> };
    expect(json.messages.map((m) => [m.id, m.attempts])).toEqual([[first, 1], [second, 1]]);

    const deleted = await runCli(cwd, ['queue', 'delete', second]);
    expect(deleted).toMatchObject({ code: 0, stdout: `mta: ${second}: removed from the queue\n` });
    expect(await runCli(cwd, ['queue', 'delete', second])).toMatchObject({ code: 1, stderr: expect.stringContaining('no such message in the queue') });

    const sink = await startSmtpSink('127.0.0.31', mxPort);
    onTestFinished(() => sink.stop());
    const flushed = await runCli(cwd, ['queue', 'flush']);
    expect(flushed.stdout).toMatch(/^mta: asked the running MTA \(pid \d+\) to retry every deferred message now\n$/);
    await waitFor(() => mta.output().stdout.includes('status=delivered'), 'the delivery');
    expect(mta.output().stdout).toMatch(/SIGUSR2: retrying 1 deferred message\(s\) now/);
    const messages = await sink.messages();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('X-Rcpt-Args: <one@later.test>');
    expect((await runCli(cwd, ['queue', 'list'])).stdout).toBe('Mail queue is empty\n');
  });

  it('keeps deferred mail across a restart and flushes it offline when no MTA runs', async () => {
    const cwd = await mxWorkDir();
    const mta = launch(cwd);
    const port = await mta.listening;
    const id = await submit(cwd, port, 'kept@later.test', '<kept@test>');
    await waitFor(async () => (await deferredCount(cwd)) === 1, 'the deferral');
    mta.child.kill('SIGTERM');
    expect(await mta.exited).toBe(0);
    expect((await runCli(cwd, ['queue', 'list'])).stdout).toContain(id);

    const sink = await startSmtpSink('127.0.0.31', mxPort);
    onTestFinished(() => sink.stop());
    const flushed = await runCli(cwd, ['queue', 'flush']);
    expect(flushed).toMatchObject({ code: 0 });
    expect(flushed.stdout).toMatch(/status=delivered \(relayed to mx\.later\.test\[127\.0\.0\.31\]: 250 /);
    expect(flushed.stdout).toMatch(/no MTA running; tried 1 queued message\(s\) here: 1 delivered, 0 deferred, 0 bounced/);
    expect(await sink.messages()).toHaveLength(1);
    expect((await runCli(cwd, ['queue', 'list'])).stdout).toBe('Mail queue is empty\n');
    const delivered = await readEvents(join(cwd, 'data', 'events'), { code: 'MAIL_DELIVERED' });
    expect(delivered).toEqual([expect.objectContaining({ messageId: '<kept@test>', recipient: 'kept@later.test', hosts: ['127.0.0.31'] })]);
  });

  it('deletes everything with ALL', async () => {
    const cwd = await mxWorkDir();
    const mta = launch(cwd);
    const port = await mta.listening;
    await submit(cwd, port, 'a@later.test', '<a@test>');
    await submit(cwd, port, 'b@later.test', '<b@test>');
    await waitFor(async () => (await deferredCount(cwd)) === 2, 'two deferrals');
    const out = await runCli(cwd, ['queue', 'delete', 'ALL']);
    expect(out.stdout).toMatch(/mta: 2 message\(s\) removed\n$/);
    expect((await runCli(cwd, ['queue', 'list'])).stdout).toBe('Mail queue is empty\n');
  });
});
