// Storm: 1,000 targets lose their addresses at once (one `ip -batch` in a namespace of our own). Every
// HOST_DOWN must be in the event log within interval + timeout + 1 s, and every target must be named in
// an email in the Maildir, none lost or named twice; it counts the emails (one per change with
// --group-wait 0, a digest after the first otherwise) and the time to the first and the last. With
// --parent, the targets sit behind a parent `core` that fails with them: one email, naming no child.
// Runs the MTA and the monitor. Root needed. After `pnpm build`:
//   node scripts/bench/monitor/storm.mjs [--targets 1000] [--interval-ms 1000] [--timeout-ms 500] [--group-wait-ms 10000] [--parent] [--keep]
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
const GROUP_WAIT_MS = numberFlag('group-wait-ms', 10_000);
const PARENT = process.argv.includes('--parent');
const CORE = '127.2.0.1';
const EVENT_GOAL_MS = INTERVAL_MS + (PARENT ? 3 : 1) * TIMEOUT_MS + 1000;

requireLab();
const started = Date.now();
const dir = tempDir('storm');
const dataDir = join(dir, 'data');
const eventsDir = join(dataDir, 'events');
const ns = new Netns();
const addresses = targetAddresses(TARGETS);
ns.addresses('add', PARENT ? [CORE, ...addresses] : addresses);
const targets = [...(PARENT ? [{ name: 'core', host: CORE }] : []), ...addresses.map((host, i) => ({ name: `t${i}`, host, ...(PARENT ? { parent: 'core' } : {}) }))];
const config = writeConfig(dir, {
  addresses,
  interval: `${INTERVAL_MS}ms`,
  timeout: `${TIMEOUT_MS}ms`,
  groupWait: GROUP_WAIT_MS,
  targets,
});
const parts = await startMtaAndMonitor(ns, config, dataDir);
const mail = watchMaildir(join(dataDir, 'mail', 'admin', 'new'));
const count = async (code) => (await readEvents(eventsDir, { code, limit: 10_000 })).length;
await waitFor('every target up', async () => (await count('HOST_UP')) >= targets.length, 60_000, 100);

const removed = Date.now();
ns.addresses('del', PARENT ? [CORE, ...addresses] : addresses);
const batchMs = Date.now() - removed;

// when each HOST_DOWN is first seen in the log (polled), and its own time stamp
const seenAt = new Map();
const changeCodes = PARENT ? ['HOST_DOWN', 'HOST_UNREACHABLE'] : 'HOST_DOWN';
await waitFor(
  `${targets.length} HOST_DOWN${PARENT ? ' and HOST_UNREACHABLE' : ''} events`,
  async () => {
    const now = Date.now();
    for (const event of await readEvents(eventsDir, { code: changeCodes, limit: 10_000 })) if (!seenAt.has(event.id)) seenAt.set(event.id, { now, event });
    return seenAt.size >= targets.length;
  },
  60_000,
  50,
);
const downEvents = [...seenAt.values()];
const seenMs = downEvents.map(({ now }) => now - removed);
const stampMs = downEvents.map(({ event }) => new Date(event.time).getTime() - removed);

// every target named once: in a DOWN subject, or on a line of a digest (or of the parent's list of those behind it)
const named = (m) => {
  const single = /^\[uptime\] (\S+) (\S+) is DOWN$/.exec(m.subject);
  const inBody = [...m.text.matchAll(/ (t\d+) {2}(127\.\d+\.\d+\.\d+)/g)].map((x) => x[2]);
  return [...new Set([...(single ? [single[2]] : []), ...inBody])];
};
const expected = PARENT ? [CORE, ...addresses] : addresses;
const namedCount = () => new Set(mail.messages().flatMap(named)).size;
await waitFor(`every target named in the Maildir`, () => namedCount() >= expected.length, 300_000, 100);
await waitFor('the outbox to empty', () => readdirSync(join(dataDir, 'outbox')).filter((f) => f.endsWith('.json')).length === 0, 60_000, 100);
await new Promise((r) => setTimeout(r, Math.max(2000, GROUP_WAIT_MS + 1000))); // a further window: time for a duplicate to show up
const alerts = mail.messages();
const firstAlertMs = Math.min(...alerts.map((m) => m.at)) - removed;
const lastAlertMs = Math.max(...alerts.map((m) => m.at)) - removed;
const perAddress = new Map();
for (const m of alerts) for (const address of named(m)) perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
const lost = expected.filter((a) => !perAddress.has(a)).length;
const duplicated = [...perAddress.values()].filter((n) => n > 1).length;
const childEmails = alerts.filter((m) => /^\[uptime\] t\d+ /.test(m.subject)).length;
const queued = await count('ALERT_QUEUED');
mail.stop();
await stopChild(parts.monitor);
await stopChild(parts.mta);

console.log(`\nstorm: ${TARGETS} targets${PARENT ? ' and their parent' : ''} lose their addresses at once (interval ${INTERVAL_MS} ms, timeout ${TIMEOUT_MS} ms, groupWait ${GROUP_WAIT_MS} ms; node ${process.version}, ${cpus().length} cpus)`);
console.log(`times from the start of the removal (the ip -batch took ${batchMs} ms)\n`);
printTable([
  ['measure', 'count', 'p50 ms', 'p95 ms', 'max ms'],
  [`HOST_DOWN${PARENT ? '/UNREACHABLE' : ''} seen in the event log (polled every 50 ms)`, seenMs.length, quantile(seenMs, 0.5), quantile(seenMs, 0.95), Math.max(...seenMs)],
  ['event time stamp', stampMs.length, quantile(stampMs, 0.5), quantile(stampMs, 0.95), Math.max(...stampMs)],
  ['alert email in the Maildir', alerts.length, quantile(alerts.map((m) => m.at - removed), 0.5), quantile(alerts.map((m) => m.at - removed), 0.95), lastAlertMs],
]);
console.log('');
const maxSeen = Math.max(...seenMs);
printTable([
  ['goal', 'measured', 'target', 'result'],
  ['every change logged within', `${maxSeen} ms`, `<= ${EVENT_GOAL_MS} ms (interval + ${PARENT ? '3 x ' : ''}timeout + 1 s)`, maxSeen <= EVENT_GOAL_MS ? 'met' : 'NOT MET'],
  ['change events', `${downEvents.length}`, `${targets.length}`, downEvents.length === targets.length ? 'met' : 'NOT MET'],
  ['targets not named / named twice', `${lost} / ${duplicated}`, '0 / 0', lost === 0 && duplicated === 0 ? 'met' : 'NOT MET'],
  ['emails', `${alerts.length}`, PARENT ? '1' : GROUP_WAIT_MS > 0 ? '<= 3' : `${TARGETS}`, (PARENT ? alerts.length === 1 : GROUP_WAIT_MS > 0 ? alerts.length <= 3 : alerts.length === TARGETS) ? 'met' : 'NOT MET'],
  ...(PARENT ? [['emails naming a child', `${childEmails}`, '0', childEmails === 0 ? 'met' : 'NOT MET']] : []),
  ['first alert in the Maildir after', `${(firstAlertMs / 1000).toFixed(1)} s`, `<= ${(EVENT_GOAL_MS / 1000).toFixed(1)} s`, firstAlertMs <= EVENT_GOAL_MS ? 'met' : 'NOT MET'],
  ['last alert in the Maildir after', `${(lastAlertMs / 1000).toFixed(1)} s`, 'report', '-'],
]);
console.log(`\nALERT_QUEUED events: ${queued}; total ${((Date.now() - started) / 1000).toFixed(0)} s; reproduce: pnpm build && node scripts/bench/monitor/storm.mjs --targets ${TARGETS} --group-wait-ms ${GROUP_WAIT_MS}${PARENT ? ' --parent' : ''}`);
