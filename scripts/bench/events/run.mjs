// Benchmark of the event log (@uptime/events): append cost with an empty log and with a log of
// 1,000,000 events, and read times in the big log. Run after building:
//   pnpm --filter @uptime/events build && node scripts/bench/events/run.mjs
// Options: --events N (default 1000000), --keep (leave the temp dir).
import { mkdtemp, rm, readdir } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { openEventWriter, readEvents, isoLocal } from '../../../packages/events/dist/index.js';

const argv = process.argv.slice(2);
const BIG = argv.includes('--events') ? Number(argv[argv.indexOf('--events') + 1]) : 1_000_000;
if (!(Number.isInteger(BIG) && BIG >= 100_000)) throw new Error('--events: use an integer of at least 100000');
const KEEP = argv.includes('--keep');
const SIZE = BIG >= 1e6 ? `${BIG / 1e6}M` : `${BIG / 1e3}k`;
const HOSTS = Array.from({ length: 500 }, (_, i) => `127.1.${i >> 8}.${(i & 255) + 1}`);
const SEQUENTIAL = 1000; // awaited one by one: latency
const STORM = 20_000; // issued at once: throughput
const READ_RUNS = 15;
const ROUNDS = 3;
const DAY = 86_400_000;

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const median = (xs) => quantile(xs, 0.5);

let seq = 0;
function sample(ms) {
  seq += 1;
  const host = HOSTS[seq % HOSTS.length];
  const time = ms === undefined ? undefined : isoLocal(new Date(ms));
  const base = time ? { time } : {};
  switch (seq % 4) {
    case 0:
      return { ...base, code: 'HOST_UP', hosts: [host], target: `t${seq % HOSTS.length}`, before: 'down', after: 'up', outageSeconds: 42, message: `t${seq % HOSTS.length} ${host} is up after 42 s` };
    case 3:
      return { ...base, code: 'MAIL_DELIVERED', hosts: [host], messageId: `<${seq}@sensor.lab>`, recipient: 'admin@localhost', detail: 'delivered to Maildir', message: `alert ${seq} delivered to admin@localhost` };
    default:
      return { ...base, code: 'HOST_DOWN', hosts: [host], target: `t${seq % HOSTS.length}`, before: 'up', after: 'down', message: `t${seq % HOSTS.length} ${host} is down` };
  }
}

/** Latency of awaited record() calls, then the throughput of a storm, with a fresh writer. */
async function measureAppend(dir) {
  const writer = await openEventWriter({ dir, role: 'bench' });
  const latencies = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t = performance.now();
    await writer.record(sample());
    latencies.push(performance.now() - t);
  }
  const t = performance.now();
  await Promise.all(Array.from({ length: STORM }, () => writer.record(sample())));
  const stormMs = performance.now() - t;
  await writer.close();
  return { p50: median(latencies), p95: quantile(latencies, 0.95), perSecond: STORM / (stormMs / 1000) };
}

/** Fills dir with `count` events spread over 30 days, through the writer in big batches. */
async function generate(dir, count) {
  const writer = await openEventWriter({ dir, role: 'history' });
  const end = Date.now() - 60_000;
  const step = (30 * DAY) / count;
  const chunk = 50_000;
  for (let i = 0; i < count; i += chunk) {
    const n = Math.min(chunk, count - i);
    await Promise.all(Array.from({ length: n }, (_, k) => writer.record(sample(end - 30 * DAY + (i + k) * step))));
  }
  await writer.close();
}

async function timeRuns(fn) {
  const first = await fn();
  const runs = [];
  for (let i = 0; i < READ_RUNS; i++) runs.push(await fn());
  return { cold: first, median: median(runs), p95: quantile(runs, 0.95) };
}

const root = await mkdtemp(join(tmpdir(), 'uptime-bench-events-'));
try {
  const started = performance.now();
  await measureAppend(join(root, 'warm-up', 'events')); // JIT warm-up, not reported
  await readEvents(join(root, 'warm-up', 'events'), { host: HOSTS[0] });
  const bigDir = join(root, 'big', 'events');
  const g = performance.now();
  await generate(bigDir, BIG);
  const genSeconds = (performance.now() - g) / 1000;
  const segments = (await readdir(bigDir)).filter((f) => /^history\..*\.json$/.test(f)).length;

  execFileSync('sync'); // let the kernel write back the generated log before timing fsyncs

  // alternate the two cases, so that disk and machine noise hit both alike; report the medians
  const emptyRuns = [];
  const bigRuns = [];
  for (let round = 0; round < ROUNDS; round++) {
    emptyRuns.push(await measureAppend(join(root, `empty-${round}`, 'events')));
    bigRuns.push(await measureAppend(bigDir));
  }
  const pick = (runs) => ({ p50: median(runs.map((r) => r.p50)), p95: median(runs.map((r) => r.p95)), perSecond: median(runs.map((r) => r.perSecond)) });
  const empty = pick(emptyRuns);
  const big = pick(bigRuns);

  let checked = 0;
  const newest = await timeRuns(async () => {
    const t = performance.now();
    const events = await readEvents(bigDir, { limit: 50 });
    const ms = performance.now() - t;
    if (events.length !== 50) throw new Error(`newest-50 returned ${events.length}`);
    checked += 1;
    return ms;
  });
  let h = 0;
  const byHost = await timeRuns(async () => {
    const host = HOSTS[(h += 37) % HOSTS.length];
    const t = performance.now();
    const events = await readEvents(bigDir, { host });
    const ms = performance.now() - t;
    if (events.length !== 100 || events.some((e) => !e.hosts.includes(host))) throw new Error('host filter returned wrong events');
    return ms;
  });
  const byHostAll = await timeRuns(async () => {
    const host = HOSTS[(h += 37) % HOSTS.length];
    const t = performance.now();
    const events = await readEvents(bigDir, { host, limit: 10_000 });
    const ms = performance.now() - t;
    if (events.length < BIG / HOSTS.length) throw new Error(`host filter (all) returned ${events.length}`);
    return ms;
  });

  const f = (x, d = 2) => x.toFixed(d).padStart(9);
  console.log(`\nevent log benchmark  (node ${process.version}, ${cpus().length} cpus, ${BIG.toLocaleString('en')} events in ${segments} segments, generated in ${genSeconds.toFixed(1)} s)\n`);
  console.log(`append (fresh writer, median of ${ROUNDS})  log: empty   log: ${SIZE.padEnd(4)} ratio ${SIZE}/empty`);
  console.log(`record() p50, ms                ${f(empty.p50)}   ${f(big.p50)}   ${f(big.p50 / empty.p50)}`);
  console.log(`record() p95, ms                ${f(empty.p95)}   ${f(big.p95)}   ${f(big.p95 / empty.p95)}`);
  console.log(`storm of ${STORM / 1000}k, events/s          ${f(empty.perSecond, 0)}   ${f(big.perSecond, 0)}   ${f(empty.perSecond / big.perSecond)} (cost ratio)`);
  console.log('');
  console.log(`read in the ${SIZE.padEnd(4)} log (${READ_RUNS} runs)        first   median     p95   goal`);
  console.log(`newest 50, ms                         ${f(newest.cold)}${f(newest.median)}${f(newest.p95)}   < 20`);
  console.log(`host filter (1/500), newest 100, ms   ${f(byHost.cold)}${f(byHost.median)}${f(byHost.p95)}   < 200`);
  console.log(`host filter, all (limit 10000), ms    ${f(byHostAll.cold)}${f(byHostAll.median)}${f(byHostAll.p95)}   (info)`);
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s; reproduce: pnpm --filter @uptime/events build && node scripts/bench/events/run.mjs`);
} finally {
  if (KEEP) console.log(`kept ${root}`);
  else await rm(root, { recursive: true, force: true });
}
