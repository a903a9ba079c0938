// Benchmark of the inbox viewer with a big Maildir: a first start (the index is built), then a restart
// (the index is read from <dataDir>/index/): time to serve, time to the first right search, list pages
// at the start and deep down, searches (each total checked against the fixture), opening messages, and
// the viewer's resident memory. Every figure is printed beside its goal (issue 11). Run after building:
//   pnpm --filter @uptime/inbox-viewer build && node scripts/bench/viewer/run.mjs --messages 100000
// Options: --messages N (default 100000), --runs N (requests per measure, default 200),
//          --dir DIR (where the Maildir is written, default $TMPDIR; deleted at the end), --keep.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const MESSAGES = Number(opt('--messages', 100_000));
const RUNS = Number(opt('--runs', 200));
const BASE_DIR = opt('--dir', tmpdir());
const KEEP = argv.includes('--keep');
const CLI = fileURLToPath(new URL('../../../apps/inbox-viewer/dist/cli.js', import.meta.url));
const DAY = 86_400_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const hostOf = (i) => `127.1.${(i >> 8) & 255}.${(i & 255) + 1}`;

/** The searches measured, each with the messages of the fixture it must find. */
const SEARCHES = [
  { q: 'zone17x', what: 'a word in 1 of 250 subjects', matches: (i) => i % 250 === 17 },
  { q: 'tok417x', what: 'a word in 1 of 1000 texts', matches: (i) => i % 1000 === 417 },
  { q: 'is up zone17x', what: 'a phrase', matches: (i) => i % 3 === 0 && i % 250 === 17 },
  { q: '127.1.3.9', what: 'an address and its longer ones', matches: (i) => hostOf(i).startsWith('127.1.3.9') },
];
const expected = new Map(SEARCHES.map((s) => [s.q, 0]));
for (let i = 0; i < MESSAGES; i++) for (const s of SEARCHES) if (s.matches(i)) expected.set(s.q, expected.get(s.q) + 1);

/** Writes MESSAGES alert-like messages straight into Maildir files (a tenth of them read, in cur/). */
function writeMaildir(mailDir) {
  const box = join(mailDir, 'admin');
  for (const f of ['tmp', 'new', 'cur']) mkdirSync(join(box, f), { recursive: true });
  const now = Date.now();
  for (let i = 0; i < MESSAGES; i++) {
    const ms = now - Math.floor(((MESSAGES - i) / MESSAGES) * 30 * DAY);
    const host = hostOf(i);
    const state = i % 3 === 0 ? 'UP' : 'DOWN';
    const body =
      `From: Uptime <uptime@localhost>\r\nTo: admin@localhost\r\nSubject: [uptime] target-${i % 5000} ${host} is ${state} zone${i % 250}x\r\n` +
      `Date: ${new Date(ms).toUTCString()}\r\nMessage-ID: <${i}.bench@sensor.lab>\r\nX-Uptime-Event-Id: ev-${i}\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
      `target-${i % 5000} (${host}) is ${state.toLowerCase()}.\r\nBefore: up\r\nAfter: down\r\nEvent: HOST_DOWN ev-${i}\r\n` +
      `Checked from rack ${i % 97} with token tok${i % 1000}x.\r\n`;
    const unique = `${Math.floor(ms / 1000)}.M${i}P4242.sensor.lab`;
    const fd = openSync(join(box, i % 10 === 0 ? 'cur' : 'new', i % 10 === 0 ? `${unique}:2,S` : unique), 'w');
    writeSync(fd, body);
    closeSync(fd);
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
  return { ms: performance.now() - t, status: res.status, body, retryAfter: res.headers.get('retry-after') };
}

async function ok(url) {
  const r = await timed(url);
  if (r.status !== 200) throw new Error(`${url}: ${r.status} ${r.body.slice(0, 200)}`);
  return r;
}

const statusMb = (pid, key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

const root = await mkdtemp(join(BASE_DIR, 'viewer-bench-'));
const base = { url: '' };
const wrong = [];
let viewer;

/** Starts the viewer; resolves when /api/messages lists every message. */
async function startViewer(dataDir) {
  const t = performance.now();
  viewer = spawn(process.execPath, [CLI, '--data-dir', dataDir], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    const first = await timed(`${base.url}/api/messages?limit=1`).catch(() => undefined);
    if (first?.status === 200) {
      const total = JSON.parse(first.body).total;
      if (total !== MESSAGES) throw new Error(`the viewer lists ${total} messages, expected ${MESSAGES}`);
      return (performance.now() - t) / 1000;
    }
    if (performance.now() - t > 300_000) throw new Error('the viewer did not answer within 300 s');
    await sleep(20);
  }
}

/** Searches until the answer is not 503; every answer that is not 503 must have the right total. */
async function firstSearch(q) {
  const t = performance.now();
  let refused = 0;
  let retryAfter;
  for (;;) {
    const r = await timed(`${base.url}/api/messages?limit=10&q=${encodeURIComponent(q)}`);
    if (r.status === 503) {
      refused++;
      retryAfter ??= r.retryAfter;
      await sleep(100);
      continue;
    }
    if (r.status !== 200) throw new Error(`search ${q}: ${r.status} ${r.body.slice(0, 200)}`);
    const { total } = JSON.parse(r.body);
    if (total !== expected.get(q)) wrong.push(`${q}: ${total}, expected ${expected.get(q)}`);
    return { seconds: (performance.now() - t) / 1000, refused, retryAfter, total };
  }
}

async function measure(urls, check) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await ok(urls[i % urls.length]);
    times.push(r.ms);
    check?.(urls[i % urls.length], JSON.parse(r.body));
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

const stopViewer = async () => {
  const exited = new Promise((r) => viewer.once('exit', r));
  viewer.kill('SIGTERM');
  await exited;
};

const rows = [];
const row = (what, figure, goal, met) => rows.push({ what, figure, goal: goal ?? '', met: met === undefined ? '' : met ? 'met' : 'NOT MET' });
const ms = (x) => `${x.p50.toFixed(1)} / ${x.p95.toFixed(1)} ms`;
const at1M = MESSAGES >= 1_000_000;
const at100k = MESSAGES >= 100_000 && !at1M;
const goal = (applies, text, met) => (applies ? [text, met] : [undefined, undefined]);

try {
  let t = performance.now();
  writeMaildir(join(root, 'data', 'mail'));
  const writeS = (performance.now() - t) / 1000;
  const port = await freePort();
  writeFileSync(join(root, 'uptime.config.yaml'), `viewer:\n  listen: "127.0.0.1:${port}"\n`);
  base.url = `http://127.0.0.1:${port}`;
  const dataDir = join(root, 'data');

  // First start: no index yet.
  const coldServeS = await startViewer(dataDir);
  const cold = await firstSearch(SEARCHES[0].q);
  const coldPeak = statusMb(viewer.pid, 'VmHWM');
  row('first start: serving (lists every message)', `${coldServeS.toFixed(2)} s`, ...goal(at1M, '< 20 s', coldServeS < 20));
  row(`first start: first search, after serving (${cold.refused} answers 503, Retry-After ${cold.retryAfter ?? '-'})`, `${cold.seconds.toFixed(2)} s`, ...goal(at100k, '< 1 s', cold.seconds < 1));
  row('first start: viewer peak memory (VmHWM)', `${coldPeak.toFixed(0)} MB`, ...goal(at1M || at100k, at1M ? '< 400 MB' : '< 250 MB', coldPeak < (at1M ? 400 : 250)));
  await stopViewer();

  // Restart: the index is on disk.
  const warmServeS = await startViewer(dataDir);
  const warm = await firstSearch(SEARCHES[0].q);
  row('restart: serving (lists every message)', `${warmServeS.toFixed(2)} s`, ...goal(at1M, '< 20 s', warmServeS < 20));
  row(`restart: first search, after serving (${warm.refused} answers 503)`, `${warm.seconds.toFixed(2)} s`, ...goal(at100k, '< 1 s', warm.seconds < 1));

  const firstPage = await measure([`${base.url}/api/messages`]);
  const deep = Math.max(0, Math.min(Math.floor(MESSAGES * 0.9), MESSAGES - 50));
  const deepPage = await measure([`${base.url}/api/messages?offset=${deep}`]);
  row('/api/messages, first page', ms(firstPage), ...goal(at1M, 'p95 < 50 ms', firstPage.p95 < 50));
  row(`/api/messages?offset=${deep}`, ms(deepPage), ...goal(at1M, 'p95 < 50 ms', deepPage.p95 < 50));
  for (const s of SEARCHES) {
    const m = await measure([`${base.url}/api/messages?q=${encodeURIComponent(s.q)}`], (url, body) => {
      if (body.total !== expected.get(s.q)) wrong.push(`${s.q}: ${body.total}, expected ${expected.get(s.q)}`);
    });
    row(`search "${s.q}", ${s.what} (${expected.get(s.q)} hits)`, ms(m), ...goal(at1M, 'p95 < 500 ms', m.p95 < 500));
  }
  row('search totals that were wrong (first and measured)', `${wrong.length}`, 'none', wrong.length === 0);
  const ids = [];
  for (const offset of [0, Math.floor(deep / 3), Math.floor((2 * deep) / 3), deep]) {
    ids.push(...JSON.parse((await ok(`${base.url}/api/messages?limit=40&offset=${offset}`)).body).messages.map((m) => m.id));
  }
  const open = await measure(ids.map((id) => `${base.url}/api/messages/${id}`));
  row(`/api/messages/:id (${ids.length} different)`, ms(open));
  const rss = statusMb(viewer.pid, 'VmRSS');
  const peak = statusMb(viewer.pid, 'VmHWM');
  const limit = at1M ? 400 : 250;
  row('restart: viewer resident memory (VmRSS) / peak (VmHWM)', `${rss.toFixed(0)} / ${peak.toFixed(0)} MB`, ...goal(at1M || at100k, `< ${limit} MB`, peak < limit));
  await stopViewer();

  console.log(`\nInbox viewer, ${MESSAGES.toLocaleString('en')} messages in one Maildir (written in ${writeS.toFixed(1)} s); ${RUNS} requests per line, one at a time; ${cpus().length} CPUs, Node ${process.version}\n`);
  const w = [Math.max(...rows.map((r) => r.what.length)), Math.max(...rows.map((r) => r.figure.length)), 12, 7];
  console.log(`| ${'measure'.padEnd(w[0])} | ${'p50 / p95'.padStart(w[1])} | ${'goal'.padEnd(w[2])} | ${'met'.padEnd(w[3])} |`);
  console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
  for (const r of rows) console.log(`| ${r.what.padEnd(w[0])} | ${r.figure.padStart(w[1])} | ${r.goal.padEnd(w[2])} | ${r.met.padEnd(w[3])} |`);
  if (wrong.length > 0) console.log(`\nwrong totals: ${wrong.slice(0, 10).join('; ')}`);
  console.log(`\nGoals (issue 11): 100,000 messages: first search within 1 s of serving, viewer under 250 MB; 1,000,000: serving within 20 s, list p95 < 50 ms at any offset, search p95 < 500 ms and right, viewer under 400 MB.`);
  console.log(`Reproduce: pnpm --filter @uptime/inbox-viewer build && node scripts/bench/viewer/run.mjs --messages ${MESSAGES} --runs ${RUNS}${BASE_DIR === tmpdir() ? '' : ` --dir ${BASE_DIR}`}`);
} finally {
  if (viewer && viewer.exitCode === null) viewer.kill('SIGKILL');
  if (KEEP) console.log(`kept ${root}`);
  else await rm(root, { recursive: true, force: true });
}
