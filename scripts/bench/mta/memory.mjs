// Memory of the MTA while large messages arrive at once (issue 12, defect 3): N clients, each from its
// own 127.0.0.x address, send one message of SIZE bytes over raw SMTP at the same moment; the MTA's
// resident memory (/proc/<pid>/status) is sampled every 20 ms until every message is in the Maildir.
// Goals: 4 x 20 MiB add under 100 MB to the RSS; 60 x 24 MB keep it under 400 MB.
// After building (pnpm --filter @uptime/mta build):
//   node scripts/bench/mta/memory.mjs                     both runs
//   node scripts/bench/mta/memory.mjs --clients 4 --size 20971520 --goal-added 100
//   node scripts/bench/mta/memory.mjs --clients 60 --size 24000000 --goal-peak 400
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const option = (name) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : undefined);
const CLI = fileURLToPath(new URL('../../../apps/mta/dist/cli.js', import.meta.url));
const MB = 1024 * 1024;
const TIMEOUT = 10 * 60_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const runs = option('--clients')
  ? [{ clients: option('--clients'), size: option('--size') ?? 20 * MB, added: option('--goal-added'), peak: option('--goal-peak') }]
  : [
      { clients: 4, size: 20 * MB, added: 100 },
      { clients: 60, size: 24_000_000, peak: 400 },
    ];

async function rssKb(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

/** Starts the MTA in a fresh directory; resolves with its pid, port and directory. */
async function startMta(clients, size) {
  const dir = await mkdtemp(join(tmpdir(), 'mta-memory-'));
  const limit = Math.max(size + 2 * MB, 25 * MB);
  await writeFile(join(dir, 'uptime.config.yaml'), `mta:\n  listen: "127.0.0.1:0"\n  maxMessageSize: ${limit}\n  maxClients: ${clients + 10}\n  queueMinFree: 0\n`);
  const child = spawn(process.execPath, [CLI, '--data-dir', 'data'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => process.stderr.write(c));
  for (let i = 0; i < 400 && !/listening on [\d.]+:(\d+)/.test(out); i++) await sleep(50);
  const port = Number(/listening on [\d.]+:(\d+)/.exec(out)?.[1]);
  if (!port) throw new Error(`the MTA did not start: ${out}`);
  return { child, port, dir };
}

/** Sends one message of `size` bytes of 78-character lines from `from`, writing only as fast as the socket drains. */
function send(port, from, size, n) {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: from });
    let text = '';
    let step = 0;
    const line = Buffer.from(`${'m'.repeat(76)}\r\n`);
    const chunk = Buffer.concat(Array.from({ length: 840 }, () => line)); // about 64 KB
    const body = async () => {
      socket.write(`From: bench@localhost\r\nTo: admin@localhost\r\nSubject: memory ${n}\r\n\r\n`);
      for (let sent = 0; sent < size; sent += chunk.length) {
        if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
      }
      socket.write('.\r\n');
    };
    socket.on('data', (c) => {
      text += c;
      const replies = text.split('\r\n').filter((l) => /^\d{3} /.test(l));
      if (replies.length <= step) return;
      const last = replies[replies.length - 1];
      step = replies.length;
      if (!/^[23]/.test(last)) return reject(new Error(`client ${n}: ${last}`));
      if (step === 1) socket.write('EHLO memory.bench\r\n');
      else if (step === 2) socket.write('MAIL FROM:<bench@localhost>\r\n');
      else if (step === 3) socket.write('RCPT TO:<admin@localhost>\r\n');
      else if (step === 4) socket.write('DATA\r\n');
      else if (step === 5) void body();
      else if (step === 6) socket.end('QUIT\r\n', () => resolve(last));
    });
    socket.on('error', reject);
  });
}

async function measure({ clients, size, added, peak }) {
  const { child, port, dir } = await startMta(clients, size);
  try {
    await send(port, '127.0.0.2', 1000, 'warm-up');
    const maildir = join(dir, 'data', 'mail', 'admin', 'new');
    const count = () => readdir(maildir).then((n) => n.length, () => 0);
    while ((await count()) < 1) await sleep(20);
    await sleep(500);
    const base = await rssKb(child.pid);
    let top = base;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        top = Math.max(top, await rssKb(child.pid));
        await sleep(20);
      }
    })();
    const start = performance.now();
    await Promise.all(Array.from({ length: clients }, (_, i) => send(port, `127.0.${1 + Math.floor((i + 3) / 250)}.${((i + 3) % 250) + 1}`, size, i)));
    while ((await count()) < clients + 1) {
      if (performance.now() - start > TIMEOUT) throw new Error('not every message was delivered in time');
      await sleep(50);
    }
    const seconds = (performance.now() - start) / 1000;
    sampling = false;
    await sampler;
    const after = await rssKb(child.pid);
    const mb = (kb) => (kb / 1024).toFixed(0);
    const addedMb = (top - base) / 1024;
    const verdicts = [];
    if (added !== undefined) verdicts.push(`added ${addedMb.toFixed(0)} MB, goal < ${added} MB: ${addedMb < added ? 'met' : 'MISSED'}`);
    if (peak !== undefined) verdicts.push(`peak ${mb(top)} MB, goal < ${peak} MB: ${top / 1024 < peak ? 'met' : 'MISSED'}`);
    console.log(
      `${clients} x ${(size / MB).toFixed(1)} MiB at once: RSS ${mb(base)} MB before, peak ${mb(top)} MB, ${mb(after)} MB after; all delivered in ${seconds.toFixed(1)} s; ${verdicts.join('; ')}`,
    );
    console.log(`  reproduce: node scripts/bench/mta/memory.mjs --clients ${clients} --size ${size}${added !== undefined ? ` --goal-added ${added}` : ''}${peak !== undefined ? ` --goal-peak ${peak}` : ''}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

for (const run of runs) await measure(run);
