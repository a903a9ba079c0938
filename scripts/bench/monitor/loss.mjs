// One lost packet never pages anyone: 20 targets at the default interval, timeout, failureThreshold and
// retryInterval, with 2% of echo requests dropped at random by nftables in a namespace of our own, for
// 10 minutes: no alert email. Then, with the loss still on, each target really goes silent (its echoes
// dropped, so checks time out) and comes back: its DOWN email must reach the Maildir within
// interval + 3 x timeout + 1 s at p95. Runs the MTA and the monitor. Root and nft needed. After `pnpm build`:
//   node scripts/bench/monitor/loss.mjs [--targets 20] [--minutes 10] [--loss 2] [--outages 20] [--keep]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import {
  Netns, numberFlag, printTable, quantile, requireLab, sleep, startMtaAndMonitor, stopChild, targetAddresses, tempDir, waitFor,
  watchMaildir, writeConfig,
} from './lab.mjs';

const TARGETS = numberFlag('targets', 20);
const MINUTES = numberFlag('minutes', 10);
const LOSS_PERCENT = numberFlag('loss', 2);
const OUTAGES = numberFlag('outages', 20);
// the contract's defaults, which the config below leaves unset
const INTERVAL_MS = 2000;
const TIMEOUT_MS = 1000;
const GOAL_MS = INTERVAL_MS + 3 * TIMEOUT_MS + 1000;

requireLab(['nft']);
const started = Date.now();
const dir = tempDir('loss');
const dataDir = join(dir, 'data');
const ns = new Netns();
const addresses = targetAddresses(TARGETS);
ns.addresses('add', addresses);

// loss: each echo request is dropped with LOSS_PERCENT % (one drop point per round trip, so the loss per
// check is that figure); outages: the echo requests to an address in the set `silent` are all dropped
ns.exec(
  'nft',
  `add table inet bench
   add set inet bench silent { type ipv4_addr; }
   add chain inet bench in { type filter hook input priority 0; }
   add rule inet bench in icmp type echo-request ip daddr @silent drop
   add rule inet bench in icmp type echo-request numgen random mod 100 < ${LOSS_PERCENT} drop`.replace(/\n\s+/g, '; '),
);
const silence = (address, on) => ns.exec('nft', `${on ? 'add' : 'delete'} element inet bench silent { ${address} }`);

// no monitor timings in the config: the defaults apply (writeConfig's thresholds of 1 are taken out)
const configFile = writeConfig(dir, { addresses });
const config = JSON.parse(readFileSync(configFile, 'utf8'));
for (const key of ['interval', 'timeout', 'failureThreshold', 'successThreshold']) delete config.monitor[key];
writeFileSync(configFile, JSON.stringify(config));

const parts = await startMtaAndMonitor(ns, configFile, dataDir);
const mail = watchMaildir(join(dataDir, 'mail', 'admin', 'new'));
const log = () => readFileSync(join(dataDir, 'logs', 'monitor.log'), 'utf8');
const count = (text, pattern) => (text.match(pattern) ?? []).length;

console.log(`phase 1: ${TARGETS} targets, ${LOSS_PERCENT}% of echo requests dropped, ${MINUTES} min at the defaults ...`);
await sleep(MINUTES * 60_000);
const quietText = log();
const quiet = {
  checks: count(quietText, / Network (Active|Inactive) to /g),
  failed: count(quietText, / Network Inactive to /g),
  alerts: mail.messages().length,
};

console.log(`phase 2: ${OUTAGES} outages (a target goes silent, then comes back), loss still on ...`);
const alertAfter = (subject, since) =>
  waitFor(`the alert "${subject}"`, () => mail.messages().find((m) => m.subject === subject && m.at >= since)?.at, 60_000, 2);
const down = [];
const up = [];
for (let k = 0; k < OUTAGES; k++) {
  const i = k % TARGETS;
  const address = addresses[i];
  await sleep(Math.random() * INTERVAL_MS); // at a random point of the check grid
  const silenced = Date.now();
  silence(address, true);
  down.push((await alertAfter(`[uptime] t${i} ${address} is DOWN`, silenced)) - silenced);
  await sleep(Math.random() * INTERVAL_MS);
  const back = Date.now();
  silence(address, false);
  up.push((await alertAfter(`[uptime] t${i} ${address} is UP`, back)) - back);
}
await sleep(2 * INTERVAL_MS); // anything else the outages caused
const alerts = mail.messages();
mail.stop();
await stopChild(parts.monitor);
await stopChild(parts.mta);

const ok = (pass) => (pass ? 'met' : 'NOT MET');
const row = (name, xs) => [name, xs.length, quantile(xs, 0.5), quantile(xs, 0.95), Math.max(...xs)];
console.log(`\nloss: ${TARGETS} targets, defaults (interval 2 s, timeout 1 s, failureThreshold 3, retryInterval 500 ms); node ${process.version}, ${cpus().length} cpus\n`);
printTable([
  ['phase 1 (no outage)', 'value'],
  ['minutes', MINUTES],
  ['checks (lines in monitor.log)', quiet.checks],
  ['failed checks', `${quiet.failed} (${((100 * quiet.failed) / quiet.checks).toFixed(2)}%)`],
  ['alert emails', quiet.alerts],
]);
console.log('');
printTable([['phase 2: silent target -> email', 'count', 'p50 ms', 'p95 ms', 'max ms'], row('up -> DOWN email', down), row('down -> UP email, info', up)]);
console.log('');
const p95 = quantile(down, 0.95);
const expected = quiet.alerts + 2 * OUTAGES;
printTable([
  ['goal', 'measured', 'target', 'result'],
  [`alert emails in ${MINUTES} min at ${LOSS_PERCENT}% loss`, quiet.alerts, '0', ok(quiet.alerts === 0)],
  ['DOWN email after a target goes silent, p95', `${p95} ms`, `<= ${GOAL_MS} ms (interval + 3 x timeout + 1 s)`, ok(p95 <= GOAL_MS)],
  ['emails in phase 2: one DOWN and one UP per outage', alerts.length - quiet.alerts, 2 * OUTAGES, ok(alerts.length === expected)],
]);
console.log(
  `\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s; reproduce: pnpm build && node scripts/bench/monitor/loss.mjs --targets ${TARGETS} --minutes ${MINUTES} --loss ${LOSS_PERCENT} --outages ${OUTAGES}`,
);
