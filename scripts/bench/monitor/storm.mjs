// Storm: 1,000 targets lose their addresses at once (one `ip -batch` in a namespace of our own). Every
// HOST_DOWN must be in the event log within interval + timeout + 1 s, and every alert must reach the
// Maildir, none lost or duplicated. Runs the MTA and the monitor. Root needed. After `pnpm build`:
//   node scripts/bench/monitor/storm.mjs [--targets 1000] [--interval-ms 1000] [--timeout-ms 500] [--keep]
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import {
  EVENTS_LIB, Netns, numberFlag, printTable, quantile, requireLab, startMtaAndMonitor, stopChild, targetAddresses, tempDir, waitFor,
  watchMaildir, writeConfig,
} from './lab.mjs';

const { readEvents } = await import(EVENTS_LIB);
const TARGETS = numberFlag('targets', 1000);
const INTERVAL_MS = numberFlag('interval-ms', 1000);
const TIMEOUT_MS = numberFlag('timeout-ms', 500);
const EVENT_GOAL_MS = INTERVAL_MS + TIMEOUT_MS + 1000;

requireLab();
const started = Date.now();
const dir = tempDir('storm');
const dataDir = join(dir, 'data');
const eventsDir = join(dataDir, 'events');
const ns = new Netns();
const addresses = targetAddresses(TARGETS);
ns.addresses('add', addresses);
const config = writeConfig(dir, { addresses, interval: `${INTERVAL_MS}ms`, timeout: `${TIMEOUT_MS}ms` });
const parts = await startMtaAndMonitor(ns, config, dataDir);
const mail = watchMaildir(join(dataDir, 'mail', 'admin', 'new'));
const count = async (code) => (await readEvents(eventsDir, { code, limit: 10_000 })).length;
await waitFor('every target up', async () => (await count('HOST_UP')) >= TARGETS, 60_000, 100);

const removed = Date.now();
ns.addresses('del', addresses);
const batchMs = Date.now() - removed;

// when each HOST_DOWN is first seen in the log (polled), and its own time stamp
const seenAt = new Map();
await waitFor(
  `${TARGETS} HOST_DOWN events`,
  async () => {
    const now = Date.now();
    for (const event of await readEvents(eventsDir, { code: 'HOST_DOWN', limit: 10_000 })) if (!seenAt.has(event.id)) seenAt.set(event.id, { now, event });
    return seenAt.size >= TARGETS;
  },
  60_000,
  50,
);
const downEvents = [...seenAt.values()];
const seenMs = downEvents.map(({ now }) => now - removed);
const stampMs = downEvents.map(({ event }) => new Date(event.time).getTime() - removed);

const downSubject = /^\[uptime\] t\d+ (\S+) is DOWN$/;
await waitFor(`${TARGETS} DOWN alerts in the Maildir`, () => mail.messages().filter((m) => downSubject.test(m.subject)).length >= TARGETS, 300_000, 100);
await waitFor('the outbox to empty', () => readdirSync(join(dataDir, 'outbox')).filter((f) => f.endsWith('.json')).length === 0, 30_000, 100);
await new Promise((r) => setTimeout(r, 2000)); // time for a duplicate to show up
const alerts = mail.messages().filter((m) => downSubject.test(m.subject));
const lastAlertMs = Math.max(...alerts.map((m) => m.at)) - removed;
const perAddress = new Map();
for (const m of alerts) {
  const address = downSubject.exec(m.subject)[1];
  perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
}
const lost = addresses.filter((a) => !perAddress.has(a)).length;
const duplicated = [...perAddress.values()].filter((n) => n > 1).length;
const queued = await count('ALERT_QUEUED');
mail.stop();
await stopChild(parts.monitor);
await stopChild(parts.mta);

console.log(`\nstorm: ${TARGETS} targets lose their addresses at once (interval ${INTERVAL_MS} ms, timeout ${TIMEOUT_MS} ms; node ${process.version}, ${cpus().length} cpus)`);
console.log(`times from the start of the removal (the ip -batch took ${batchMs} ms)\n`);
printTable([
  ['measure', 'count', 'p50 ms', 'p95 ms', 'max ms'],
  ['HOST_DOWN seen in the event log (polled every 50 ms)', seenMs.length, quantile(seenMs, 0.5), quantile(seenMs, 0.95), Math.max(...seenMs)],
  ['HOST_DOWN event time stamp', stampMs.length, quantile(stampMs, 0.5), quantile(stampMs, 0.95), Math.max(...stampMs)],
  ['DOWN alert in the Maildir', alerts.length, quantile(alerts.map((m) => m.at - removed), 0.5), quantile(alerts.map((m) => m.at - removed), 0.95), lastAlertMs],
]);
console.log('');
const maxSeen = Math.max(...seenMs);
printTable([
  ['goal', 'measured', 'target', 'result'],
  ['every HOST_DOWN logged within', `${maxSeen} ms`, `<= ${EVENT_GOAL_MS} ms (interval + timeout + 1 s)`, maxSeen <= EVENT_GOAL_MS ? 'met' : 'NOT MET'],
  ['HOST_DOWN events', `${downEvents.length}`, `${TARGETS}`, downEvents.length === TARGETS ? 'met' : 'NOT MET'],
  ['alerts lost / duplicated', `${lost} / ${duplicated}`, '0 / 0', lost === 0 && duplicated === 0 ? 'met' : 'NOT MET'],
  ['last alert in the Maildir after', `${(lastAlertMs / 1000).toFixed(1)} s`, 'report', '-'],
]);
console.log(`\nALERT_QUEUED events: ${queued}; total ${((Date.now() - started) / 1000).toFixed(0)} s; reproduce: pnpm build && node scripts/bench/monitor/storm.mjs --targets ${TARGETS}`);
