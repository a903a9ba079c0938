import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { dataLayout, loadOrCreateSubmissionCredentials } from '@uptime/config';
import { CLI, cleanEnv, killAll, launch, workDir } from './helpers/mta-process.js';
import { freePort, missing, startSmtpSink, stopPeers, waitFor } from './helpers/peers.js';

const skip = missing('smtpSink');

afterEach(async () => {
  killAll();
  await stopPeers();
});

/** A smarthost that takes the connection and never says a word: the delivery stays in flight. */
async function silentServer(port: number): Promise<{ connected: Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let connected: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (connected = resolve));
  const server = createServer((socket) => {
    sockets.add(socket);
    connected();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    connected: first,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Starts the MTA under a parent that never reaps it (`sh -c 'mta & exec sleep'`): once killed it stays
 * a zombie, like a process the kernel has not finished with. Resolves with the MTA's pid and its port.
 */
async function launchUnreaped(cwd: string): Promise<{ pid: number; port: number; reaper: () => void }> {
  const script = `"${process.execPath}" "${CLI}" --data-dir data & echo "pid $!"; exec sleep 120`;
  const parent = spawn('sh', ['-c', script], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  parent.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const [pid, port] = await waitFor(() => {
    const p = /^pid (\d+)$/m.exec(stdout)?.[1];
    const l = /mta: listening on [\d.]+:(\d+)/.exec(stdout)?.[1];
    return p && l && [Number(p), Number(l)];
  }, 'the first MTA to listen');
  return { pid, port, reaper: () => parent.kill('SIGKILL') };
}

describe.skipIf(skip)('the spool lock', () => {
  it('lets an MTA start at once after a SIGKILL mid-delivery (the killed one not yet reaped) and deliver what was acknowledged', async () => {
    const relayPort = await freePort();
    const cwd = await workDir(
      ['mta:', '  listen: "127.0.0.1:0"', '  relay:', '    mode: smarthost', `    smarthost: { host: 127.0.0.1, port: ${relayPort}, secure: none, auth: false }`].join('\n'),
    );
    const silent = await silentServer(relayPort);
    const first = await launchUnreaped(cwd);
    onTestFinished(first.reaper);
    const { user, password } = await loadOrCreateSubmissionCredentials(dataLayout(join(cwd, 'data')));
    const client = nodemailer.createTransport({ host: '127.0.0.1', port: first.port, secure: false, ignoreTLS: true, auth: { user, pass: password } });
    const info = await client.sendMail({ from: 'uptime@localhost', to: 'ops@far.test', subject: 'in flight', text: 'x', messageId: '<in-flight@test>' });
    expect(info.response).toMatch(/^250 /);
    await silent.connected; // the delivery is under way
    process.kill(first.pid, 'SIGKILL');
    await waitFor(async () => (await readFile(`/proc/${first.pid}/stat`, 'utf8')).split(') ')[1]?.startsWith('Z'), 'the killed MTA to be a zombie');
    await silent.close();
    const sink = await startSmtpSink('127.0.0.1', relayPort);

    const second = launch(cwd);
    await second.listening;
    const delivered = await waitFor(async () => (await sink.messages()).find((m) => m.includes('<in-flight@test>')), 'the acknowledged message at the smarthost');
    expect(delivered).toContain('Subject: in flight');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('lets one of many MTAs started at once on one spool run, and names it to the others', async () => {
    const cwd = await workDir('mta:\n  listen: "127.0.0.1:0"\n');
    const runs = Array.from({ length: 4 }, () => launch(cwd));
    const outcomes = await Promise.all(runs.map((r) => Promise.race([r.listening.then(() => 'listening'), r.exited.then((code) => `exited ${code}`)])));
    expect(outcomes.filter((o) => o === 'listening')).toHaveLength(1);
    const winner = runs[outcomes.indexOf('listening')];
    for (const [i, run] of runs.entries()) {
      if (run === winner) continue;
      expect(outcomes[i]).not.toBe('exited 0');
      expect(run.output().stderr).toContain(`is in use by a running MTA (pid ${winner?.child.pid})`);
    }
  });
});
