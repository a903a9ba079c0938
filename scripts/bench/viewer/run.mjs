// Benchmark of the inbox viewer with a big Maildir: time to serve after start, list, deep page,
// search and open latencies, and the viewer's resident memory. Run after building:
//   pnpm --filter @uptime/inbox-viewer build && node scripts/bench/viewer/run.mjs
// Options: --messages N (default 100000), --runs N (requests per measure, default 200), --keep.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const MESSAGES = opt('--messages', 100_000);
const RUNS = opt('--runs', 200);
const KEEP = argv.includes('--keep');
const CLI = fileURLToPath(new URL('../../../apps/inbox-viewer/dist/cli.js', import.meta.url));
const DAY = 86_400_000;

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** Writes MESSAGES alert-like messages straight into Maildir files (a tenth of them read, in cur/). */
function writeMaildir(mailDir) {
  const box = join(mailDir, 'admin');
  for (const f of ['tmp', 'new', 'cur']) mkdirSync(join(box, f), { recursive: true });
  const now = Date.now();
  for (let i = 0; i < MESSAGES; i++) {
    const ms = now - Math.floor(((MESSAGES - i) / MESSAGES) * 30 * DAY);
    const host = `127.1.${(i >> 8) & 255}.${(i & 255) + 1}`;
    const state = i % 3 === 0 ? 'UP' : 'DOWN';
    const body =
      `From: Uptime <uptime@localhost>\r\nTo: admin@localhost\r\nSubject: [uptime] target-${i % 5000} ${host} is ${state}\r\n` +
      `Date: ${new Date(ms).toUTCString()}\r\nMessage-ID: <${i}.bench@sensor.lab>\r\nX-Uptime-Event-Id: ev-${i}\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
      `target-${i % 5000} (${host}) is ${state.toLowerCase()}.\r\nBefore: up\r\nAfter: down\r\nEvent: HOST_DOWN ev-${i}\r\n` +
      `Checked from rack ${i % 97} with token tok${i % 1000}x.\r\n`;
    const unique = `${Math.floor(ms / 1000)}.M${i}P4242.sensor.lab`;
    if (i % 10 === 0) writeFileSync(join(box, 'cur', `${unique}:2,S`), body);
    else writeFileSync(join(box, 'new', unique), body);
  }
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function timed(url) {
  const t = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
  return { ms: performance.now() - t, body };
}

async function measure(urls) {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push((await timed(urls[i % urls.length])).ms);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

const root = await mkdtemp(join(tmpdir(), 'viewer-bench-'));
try {
  let t = performance.now();
  writeMaildir(join(root, 'data', 'mail'));
  const writeS = (performance.now() - t) / 1000;
  const port = await freePort();
  writeFileSync(join(root, 'uptime.config.yaml'), `viewer:\n  listen: "127.0.0.1:${port}"\n`);
  const base = `http://127.0.0.1:${port}`;

  t = performance.now();
  const viewer = spawn(process.execPath, [CLI, '--data-dir', join(root, 'data')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  let first;
  while (!first) {
    first = await timed(`${base}/api/messages`).catch(() => undefined);
    if (!first) await new Promise((r) => setTimeout(r, 20));
    if (performance.now() - t > 60_000) throw new Error('the viewer did not answer within 60 s');
  }
  const readyS = (performance.now() - t) / 1000;
  const total = JSON.parse(first.body).total;
  if (total !== MESSAGES) throw new Error(`the viewer lists ${total} messages, expected ${MESSAGES}`);

  const whileIndexing = [];
  for (let i = 0; i < 50; i++) whileIndexing.push((await timed(`${base}/api/messages?offset=${i * 1000}`)).ms);
  const building = { p50: quantile(whileIndexing, 0.5), p95: quantile(whileIndexing, 0.95) };

  const q = 'tok417x';
  t = performance.now();
  const firstSearch = JSON.parse((await timed(`${base}/api/messages?q=${q}`)).body);
  const searchReadyS = (performance.now() - t) / 1000;

  const firstPage = await measure([`${base}/api/messages`]);
  const deep = Math.min(90_000, Math.max(0, MESSAGES - 50));
  const deepPage = await measure([`${base}/api/messages?offset=${deep}`]);
  const search = await measure([`${base}/api/messages?q=${q}`, `${base}/api/messages?q=target-4321%20`, `${base}/api/messages?q=127.1.3.9`]);
  const ids = [];
  for (const offset of [0, 20_000, 40_000, 60_000, deep]) {
    const { messages } = JSON.parse((await timed(`${base}/api/messages?limit=40&offset=${Math.min(offset, deep)}`)).body);
    ids.push(...messages.map((m) => m.id));
  }
  const open = await measure(ids.map((id) => `${base}/api/messages/${id}`));
  const rss = rssMb(viewer.pid);
  viewer.kill('SIGTERM');

  const row = (what, figure, goal, ok) => `| ${what.padEnd(46)} | ${figure.padStart(18)} | ${goal.padEnd(10)} | ${ok === undefined ? '   ' : ok ? 'ok ' : 'MISSED'} |`;
  const ms = (x) => `${x.p50.toFixed(1)} / ${x.p95.toFixed(1)} ms`;
  console.log(`\nInbox viewer, ${MESSAGES.toLocaleString('en')} messages in one Maildir (written in ${writeS.toFixed(1)} s); ${RUNS} requests per line, one at a time; ${cpus().length} CPUs, Node ${process.version}\n`);
  console.log(`| ${'measure'.padEnd(46)} | ${'p50 / p95'.padStart(18)} | ${'goal'.padEnd(10)} | ok  |`);
  console.log(`|${'-'.repeat(48)}|${'-'.repeat(20)}|${'-'.repeat(12)}|-----|`);
  console.log(row('start to first /api/messages', `${readyS.toFixed(2)} s`, '< 10 s', readyS < 10));
  console.log(row('/api/messages, new pages, while indexing', ms(building), '(none)', undefined));
  console.log(row('/api/messages, first page', ms(firstPage), 'p95 < 50', firstPage.p95 < 50));
  console.log(row(`/api/messages?offset=${deep}`, ms(deepPage), 'p95 < 50', deepPage.p95 < 50));
  console.log(row('first search (waits for the search index)', `${searchReadyS.toFixed(2)} s`, '', undefined));
  console.log(row(`/api/messages?q=... (${firstSearch.total} hits for ${q})`, ms(search), 'p95 < 200', search.p95 < 200));
  console.log(row(`/api/messages/:id (${ids.length} different)`, ms(open), 'p95 < 30', open.p95 < 30));
  console.log(row('viewer resident memory (VmRSS)', `${rss.toFixed(0)} MB`, '', undefined));
  console.log(`\nReproduce: pnpm --filter @uptime/inbox-viewer build && node scripts/bench/viewer/run.mjs --messages ${MESSAGES} --runs ${RUNS}`);
} finally {
  if (KEEP) console.log(`kept ${root}`);
  else await rm(root, { recursive: true, force: true });
}
