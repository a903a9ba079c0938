// Flapping proof (issue 13): one target fails every other check (nftables drops every other echo
// request, in a namespace of our own) for 150 checks, 5 minutes at the default 2 s interval; a shorter
// interval keeps the check count. Goal: exactly 2 emails while it flaps (the first DOWN, sent at once,
// and the FLAPPING email). Then it is steady again and the script reports what came after
// (FLAPPING_STOPPED and the one email of its final status, since it differs from the last DOWN email).
// Runs the MTA and the monitor with alerts.groupWait 10s and thresholds 1. Root and nftables needed. After `pnpm build`:
//   node scripts/bench/alerts/flapping.mjs [--checks 150] [--interval-ms 1000]
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { EVENTS_LIB, Netns, numberFlag, printTable, requireLab, sleep, startMtaAndMonitor, stopChild, targetAddresses, tempDir, waitFor, watchMaildir, writeConfig } from '../monitor/lab.mjs';

const { readEvents } = await import(EVENTS_LIB);
const CHECKS = numberFlag('checks', 150);
const INTERVAL_MS = numberFlag('interval-ms', 1000);
const TIMEOUT_MS = Math.min(500, Math.floor(INTERVAL_MS / 2));

requireLab(['nft']);
const dir = tempDir('flapping');
const dataDir = join(dir, 'data');
const eventsDir = join(dataDir, 'events');
const ns = new Netns();
const [address] = targetAddresses(1);
ns.addresses('add', [address]);
const config = writeConfig(dir, { addresses: [address], interval: `${INTERVAL_MS}ms`, timeout: `${TIMEOUT_MS}ms`, groupWait: 10_000, targets: [{ name: 'wobbly', host: address }] });
const parts = await startMtaAndMonitor(ns, config, dataDir);
const mail = watchMaildir(join(dataDir, 'mail', 'admin', 'new'));
const events = async (code) => (await readEvents(eventsDir, { code, limit: 10_000 })).reverse();
await waitFor('wobbly up', async () => (await events('HOST_UP')).length >= 1, 60_000, 100);

const checks = () => parts.monitorOut.text.split('\n').filter((l) => l.includes(` to ${address}`)).length;
ns.exec('nft', 'add', 'table', 'inet', 'flap');
ns.exec('nft', 'add', 'chain', 'inet', 'flap', 'out', '{ type filter hook output priority 0; }');
ns.exec('nft', 'add', 'rule', 'inet', 'flap', 'out', 'ip', 'daddr', address, 'icmp', 'type', 'echo-request', 'numgen', 'inc', 'mod', '2', '0', 'drop');
const flapFrom = checks();
const startedAt = Date.now();
await waitFor(`${CHECKS} checks failing every other time`, () => checks() - flapFrom >= CHECKS, CHECKS * INTERVAL_MS * 3, 100);
const flapMs = Date.now() - startedAt;
await sleep(1000);
const whileFlapping = mail.messages().map((m) => m.subject);
const changes = (await events(['HOST_DOWN', 'HOST_UP'])).filter((e) => new Date(e.time).getTime() >= startedAt);

ns.exec('nft', 'delete', 'table', 'inet', 'flap');
await waitFor('FLAPPING_STOPPED', async () => (await events('FLAPPING_STOPPED')).length >= 1, 120_000, 200);
await sleep(Math.max(3000, 3 * INTERVAL_MS));
const after = mail.messages().map((m) => m.subject).slice(whileFlapping.length);
mail.stop(); // its poll kept the script (and its namespace) alive after the table
await stopChild(parts.monitor);
await stopChild(parts.mta);

const [started] = await events('FLAPPING_STARTED');
printTable([
  ['measure', 'value', 'goal'],
  ['checks failing every other time', `${checks() > 0 ? CHECKS : 0} in ${(flapMs / 1000).toFixed(0)} s (interval ${INTERVAL_MS} ms)`, '150 (5 min at 2 s)'],
  ['status changes recorded meanwhile', `${changes.length} (${changes.filter((e) => e.suppressed === 'flapping').length} suppressed: flapping)`, ''],
  ['flapping started at', `${started?.percent ?? '-'}%`, '>= 30%'],
  ['emails while flapping', `${whileFlapping.length}: ${whileFlapping.join(' | ')}`, 'exactly 2'],
  ['emails after it stopped', `${after.length}: ${after.join(' | ')}`, '1 (its final status, if it differs)'],
]);
console.log(`\nreproduce: node scripts/bench/alerts/flapping.mjs --checks ${CHECKS} --interval-ms ${INTERVAL_MS}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exitCode = whileFlapping.length === 2 ? 0 : 1;
