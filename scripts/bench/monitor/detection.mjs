// Detection latency: from the moment a target's address is removed (in a namespace of our own) to the
// alert email being in the Maildir, over 20+ transitions, with interval 1s, timeout 500ms, thresholds 1.
// Runs the MTA and the monitor. Root needed. After `pnpm build`:
//   node scripts/bench/monitor/detection.mjs [--transitions 24] [--targets 4] [--keep]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import {
  Netns, numberFlag, printTable, quantile, requireLab, sleep, startMtaAndMonitor, stopChild, targetAddresses, tempDir, waitFor,
  watchMaildir, writeConfig,
} from './lab.mjs';

const TRANSITIONS = numberFlag('transitions', 24);
const TARGETS = numberFlag('targets', 4);
const INTERVAL_MS = 1000;
const TIMEOUT_MS = 500;
const GOAL_MS = INTERVAL_MS + TIMEOUT_MS + 100;

requireLab();
const started = Date.now();
const dir = tempDir('detection');
const dataDir = join(dir, 'data');
const ns = new Netns();
const addresses = targetAddresses(TARGETS);
ns.addresses('add', addresses);
const config = writeConfig(dir, { addresses, interval: `${INTERVAL_MS}ms`, timeout: `${TIMEOUT_MS}ms` });
const parts = await startMtaAndMonitor(ns, config, dataDir);
const mail = watchMaildir(join(dataDir, 'mail', 'admin', 'new'));

/** Waits for the alert with `subject` that arrived after `since`; returns when it arrived. */
const alertAfter = (subject, since) =>
  waitFor(`the alert "${subject}"`, () => mail.messages().find((m) => m.subject === subject && m.at >= since)?.at, 20_000, 2);

await sleep(2 * INTERVAL_MS); // every target is up
const down = [];
const up = [];
const removals = []; // { address, removed, alertAt }
for (let k = 0; k < TRANSITIONS; k++) {
  const i = k % TARGETS;
  const address = addresses[i];
  await sleep(Math.random() * INTERVAL_MS); // at a random point of the check grid
  const removed = Date.now();
  ns.exec('ip', 'addr', 'del', `${address}/32`, 'dev', 'lo');
  const alertAt = await alertAfter(`[uptime] t${i} ${address} is DOWN`, removed);
  down.push(alertAt - removed);
  removals.push({ address, removed, alertAt });
  await sleep(Math.random() * INTERVAL_MS);
  const added = Date.now();
  ns.exec('ip', 'addr', 'add', `${address}/32`, 'dev', 'lo');
  up.push((await alertAfter(`[uptime] t${i} ${address} is UP`, added)) - added);
}
mail.stop();
await stopChild(parts.monitor);
await stopChild(parts.mta);

const alerts = mail.messages().length;

// when the first failed check of each removal was made, from monitor.log: the rest is the alert's way to the Maildir
const checks = readFileSync(join(dataDir, 'logs', 'monitor.log'), 'utf8')
  .split('\n')
  .map((line) => /^(\S+) (\S+) Network Inactive to (\S+)/.exec(line))
  .filter(Boolean)
  .map(([, day, time, address]) => ({ at: new Date(`${day}T${time.slice(0, 12)}`).getTime(), address }));
const toCheck = [];
const toMail = [];
for (const { address, removed, alertAt } of removals) {
  const failed = checks.find((c) => c.address === address && c.at >= removed - 1);
  if (!failed) continue;
  toCheck.push(failed.at - removed);
  toMail.push(alertAt - failed.at);
}

const row = (name, xs) => [name, xs.length, quantile(xs, 0.5), quantile(xs, 0.95), Math.max(...xs)];
console.log(`\ndetection latency: address removed -> alert email in the Maildir (interval ${INTERVAL_MS} ms, timeout ${TIMEOUT_MS} ms, thresholds 1; node ${process.version}, ${cpus().length} cpus)\n`);
printTable([
  ['transition', 'count', 'p50 ms', 'p95 ms', 'max ms'],
  row('up -> DOWN (address removed)', down),
  row('  of which: until the failed check', toCheck),
  row('  of which: failed check -> Maildir', toMail),
  row('down -> UP (address back), info', up),
]);
console.log('');
const p95 = quantile(down, 0.95);
printTable([
  ['goal', 'measured', 'target', 'result'],
  ['DOWN alert in Maildir, p95', `${p95} ms`, `<= ${GOAL_MS} ms (interval + timeout + 100 ms)`, p95 <= GOAL_MS ? 'met' : 'NOT MET'],
  ['alerts: one per transition', `${alerts}`, `${2 * TRANSITIONS}`, alerts === 2 * TRANSITIONS ? 'met' : 'NOT MET'],
]);
console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s; reproduce: pnpm build && node scripts/bench/monitor/detection.mjs --transitions ${TRANSITIONS}`);
