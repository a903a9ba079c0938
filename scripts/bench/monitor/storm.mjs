// Storm (issue 13): 1,000 targets lose their addresses at once (one `ip -batch` in a namespace of our own).
// Runs the MTA and the monitor (and, with --parent, the viewer, whose /api/status is polled). Root needed.
// Each goal is printed beside its figure:
//   (default, groupWait 10 s) every HOST_DOWN logged and the first email in the Maildir within
//     interval + timeout + 1 s; at most 3 emails per recipient; every target named in them, none twice.
//   --group-wait-ms 0: one email per change, each in the Maildir within 3 s of its event, none lost or doubled.
//   --parent: the targets sit behind a parent `core` that fails with them: core down and every child
//     unreachable in /api/status within interval + 3 x timeout + 1 s; exactly one email for the start (core's
//     DOWN, listing the 1,000 unreachable) and, once the addresses are back, one for the end (core's UP);
//     no email names a child in its subject, and none but the start email lists one.
// After `pnpm build`:
// With --parent the outage is one nftables rule (atomic); --silent: the hosts stop answering instead (checks time out).
// --route: every other target goes to net-team too (at most 3 emails for each recipient, each with only its targets).
//   node scripts/bench/monitor/storm.mjs [--targets 1000] [--interval-ms 1000] [--timeout-ms 500] [--group-wait-ms 10000] [--parent] [--silent] [--route] [--keep]
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import {
  EVENTS_LIB, Netns, apiStatuses, freePort, numberFlag, printTable, quantile, requireLab, sleep, startMtaAndMonitor, startViewer, stopChild,
  targetAddresses, tempDir, waitFor, watchMaildir, writeConfig,
} from './lab.mjs';

const { readEvents } = await import(EVENTS_LIB);
const TARGETS = numberFlag('targets', 1000);
const INTERVAL_MS = numberFlag('interval-ms', 1000);
const TIMEOUT_MS = numberFlag('timeout-ms', 500);
const GROUP_WAIT_MS = numberFlag('group-wait-ms', 10_000);
const PARENT = process.argv.includes('--parent');
// How the hosts fail: they lose their addresses (one `ip -batch`; checks fail at once), or with --parent all
// at once by one nftables rule that refuses what is sent to them (the same failure, atomic: removing 1,001
// addresses takes a while under load, and a child that still answers when the parent's DOWN is decided is
// not listed in it), or with --silent one that drops it on the way in (nothing answers: checks time out).
const SILENT = process.argv.includes('--silent');
const OUTAGE = SILENT ? 'silent' : PARENT ? 'refused' : 'addresses';
// --route: every other target (tag `even`) also goes to net-team@localhost, a second recipient with its own digest
const ROUTE = process.argv.includes('--route');
const CORE = '127.2.0.1';
const EVENT_GOAL_MS = INTERVAL_MS + (PARENT ? 3 : 1) * TIMEOUT_MS + 1000;
const ONE_BY_ONE_GOAL_MS = 3000;

requireLab(OUTAGE === 'addresses' ? [] : ['nft']);
const started = Date.now();
const dir = tempDir('storm');
const dataDir = join(dir, 'data');
const eventsDir = join(dataDir, 'events');
const ns = new Netns();
const addresses = targetAddresses(TARGETS);
ns.addresses('add', PARENT ? [CORE, ...addresses] : addresses);
const targets = [...(PARENT ? [{ name: 'core', host: CORE }] : []), ...addresses.map((host, i) => ({ name: `t${i}`, host, ...(PARENT ? { parent: 'core' } : {}), ...(ROUTE && i % 2 === 0 ? { tags: ['even'] } : {}) }))];
const config = writeConfig(dir, {
  addresses,
  interval: `${INTERVAL_MS}ms`,
  timeout: `${TIMEOUT_MS}ms`,
  groupWait: GROUP_WAIT_MS,
  targets,
  viewerPort: PARENT ? await freePort() : 8025,
  extra: ROUTE ? { alerts: { to: ['admin@localhost'], from: 'uptime@localhost', groupWait: GROUP_WAIT_MS, routes: [{ targets: ['tag:even'], to: ['net-team@localhost'] }] } } : {},
});
const parts = await startMtaAndMonitor(ns, config, dataDir);
const viewer = PARENT ? await startViewer(config, dataDir) : undefined;
const mail = watchMaildir(join(dataDir, 'mail', 'admin', 'new'));
const netMail = ROUTE ? watchMaildir(join(dataDir, 'mail', 'net-team', 'new')) : undefined;
const count = async (code) => (await readEvents(eventsDir, { code, limit: 10_000 })).length;
await waitFor('every target up', async () => (await count('HOST_UP')) >= targets.length, 60_000, 100);

const removed = Date.now();
if (OUTAGE === 'addresses') ns.addresses('del', addresses);
else {
  // one nftables rule, atomic: on the way out the sender is refused at once (EPERM), on the way in nothing answers
  const hook = OUTAGE === 'silent' ? 'input' : 'output';
  ns.exec('nft', 'add', 'table', 'inet', 'storm');
  ns.exec('nft', 'add', 'chain', 'inet', 'storm', hook, `{ type filter hook ${hook} priority 0; }`);
  ns.exec('nft', 'add', 'rule', 'inet', 'storm', hook, 'ip', 'daddr', '{ 127.1.0.0/16, 127.2.0.0/16 }', 'drop');
}
const batchMs = Date.now() - removed;

// with a parent: when /api/status first shows core down and every child unreachable (polled every 50 ms)
const children = targets.filter((t) => t.parent).map((t) => t.name);
const statusSeen = viewer
  ? waitFor('core down and every child unreachable in /api/status', async () => {
      const statuses = await apiStatuses(viewer.url);
      return statuses.get('core') === 'down' && children.every((name) => statuses.get(name) === 'unreachable') && Date.now();
    }, 60_000, 50)
  : Promise.resolve(undefined);
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
const statusMs = PARENT ? (await statusSeen) - removed : undefined;
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
// a target never named is reported below (targets not named) rather than waited for without end
await waitFor(`every target named in the Maildir`, () => namedCount() >= expected.length, 120_000, 100).catch((err) => console.error(`${err.message}: ${namedCount()} of ${expected.length} named`));
await waitFor('the outbox to empty', () => readdirSync(join(dataDir, 'outbox')).filter((f) => f.endsWith('.json')).length === 0, 60_000, 100);
await new Promise((r) => setTimeout(r, Math.max(2000, GROUP_WAIT_MS + 1000))); // a further window: time for a duplicate to show up
const alerts = [...mail.messages()];
const firstAlertMs = Math.min(...alerts.map((m) => m.at)) - removed;
const lastAlertMs = Math.max(...alerts.map((m) => m.at)) - removed;
const perAddress = new Map();
for (const m of alerts) for (const address of named(m)) perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
const lost = expected.filter((a) => !perAddress.has(a)).length;
const duplicated = [...perAddress.values()].filter((n) => n > 1).length;
const header = (m, name) => new RegExp(`^${name}: *(.*(?:\\r?\\n[ \\t].*)*)`, 'mi').exec(m.text)?.[1]?.replace(/\s+/g, ' ').trim() ?? '';
const perRecipient = new Map([['admin@localhost', alerts.length]]);
// net-team: only the even targets, each named once
const netAlerts = netMail ? [...netMail.messages()] : [];
const netNamed = new Map();
for (const m of netAlerts) for (const address of named(m)) netNamed.set(address, (netNamed.get(address) ?? 0) + 1);
const netExpected = addresses.filter((_, i) => i % 2 === 0);
const netOk = netExpected.every((a) => netNamed.get(a) === 1) && netNamed.size === netExpected.length;
if (netMail) perRecipient.set('net-team@localhost', netAlerts.length);
const mostPerRecipient = Math.max(0, ...perRecipient.values());
// each alert's lag behind the event it tells (X-Uptime-Event-Id; its time stamp is the failed check's)
const eventTime = new Map(downEvents.map(({ event }) => [event.id, new Date(event.time).getTime()]));
const lags = alerts.map((m) => m.at - (eventTime.get(header(m, 'X-Uptime-Event-Id')) ?? NaN)).filter(Number.isFinite);
const maxLag = lags.length ? Math.max(...lags) : NaN;

// with a parent: the addresses come back; the end of the outage must be one email, core's UP
const childSubject = (m) => /^\[uptime\] t\d+ /.test(m.subject);
const namesChild = (m) => childSubject(m) || / t\d+ {2}127\./.test(m.text);
let end;
if (PARENT) {
  const restored = Date.now();
  ns.exec('nft', 'delete', 'table', 'inet', 'storm');
  const upAt = await waitFor('every target up in /api/status', async () => [...(await apiStatuses(viewer.url)).values()].every((s) => s === 'up') && Date.now(), 60_000, 50);
  await waitFor('an email for the end of the outage', () => mail.messages().length > alerts.length, 60_000, 100);
  await sleep(GROUP_WAIT_MS + 2000); // a further window: time for a child's email or a second digest to show up
  const endMail = mail.messages().slice(alerts.length);
  end = { upMs: upAt - restored, mail: endMail, firstMs: Math.min(...endMail.map((m) => m.at)) - restored };
}
const startOk = alerts.length === 1 && alerts[0].subject === `[uptime] core ${CORE} is DOWN` && alerts[0].text.includes(`${TARGETS} target(s) behind it are unreachable`);
const endOk = end?.mail.length === 1 && end.mail[0].subject === `[uptime] core ${CORE} is UP`;
const childEmails = [...alerts.slice(1), ...(end?.mail ?? [])].filter(namesChild).length + alerts.slice(0, 1).filter(childSubject).length;
const queued = await count('ALERT_QUEUED');
mail.stop();
netMail?.stop();
await stopChild(parts.monitor);
await stopChild(parts.mta);
if (viewer) await stopChild(viewer.viewer);

console.log(`\nstorm: ${TARGETS} targets${PARENT ? ' and their parent' : ''} lose their addresses at once (interval ${INTERVAL_MS} ms, timeout ${TIMEOUT_MS} ms, groupWait ${GROUP_WAIT_MS} ms; node ${process.version}, ${cpus().length} cpus)`);
console.log(`times from the start of the removal (${OUTAGE === 'addresses' ? 'the ip -batch' : `the nftables rule, ${OUTAGE}`} took ${batchMs} ms)\n`);
printTable([
  ['measure', 'count', 'p50 ms', 'p95 ms', 'max ms'],
  [`HOST_DOWN${PARENT ? '/UNREACHABLE' : ''} seen in the event log (polled every 50 ms)`, seenMs.length, quantile(seenMs, 0.5), quantile(seenMs, 0.95), Math.max(...seenMs)],
  ['event time stamp', stampMs.length, quantile(stampMs, 0.5), quantile(stampMs, 0.95), Math.max(...stampMs)],
  ['alert email in the Maildir', alerts.length, quantile(alerts.map((m) => m.at - removed), 0.5), quantile(alerts.map((m) => m.at - removed), 0.95), lastAlertMs],
]);
console.log('');
const maxSeen = Math.max(...seenMs);
let unmet = 0;
const row = (goal, measured, target, ok) => [goal, measured, target, ok ? 'met' : (unmet += 1, 'NOT MET')];
const subjects = (list) => list.map((m) => m.subject).join(' | ');
printTable([
  ['goal', 'measured', 'target', 'result'],
  row('every change logged within', `${maxSeen} ms`, `<= ${EVENT_GOAL_MS} ms (interval + ${PARENT ? '3 x ' : ''}timeout + 1 s)`, maxSeen <= EVENT_GOAL_MS),
  row('change events', `${downEvents.length}`, `${targets.length}`, downEvents.length === targets.length),
  ...(PARENT ? [row('core down, every child unreachable in /api/status', `${statusMs} ms`, `<= ${EVENT_GOAL_MS} ms (interval + 3 x timeout + 1 s)`, statusMs <= EVENT_GOAL_MS)] : []),
  row('targets not named / named twice', `${lost} / ${duplicated}`, '0 / 0', lost === 0 && duplicated === 0),
  ...(PARENT
    ? [
        row('emails for the start', `${alerts.length}: ${subjects(alerts)}`, `1: core DOWN listing ${TARGETS} unreachable`, startOk),
        row('emails for the end', `${end.mail.length}: ${subjects(end.mail)}`, '1: core UP', endOk),
        row('emails naming a child (but the start list)', `${childEmails}`, '0', childEmails === 0),
      ]
    : GROUP_WAIT_MS > 0
      ? [
          row('emails per recipient (most)', `${mostPerRecipient} (${[...perRecipient].map(([to, n]) => `${to} ${n}`).join(', ')})`, '<= 3', mostPerRecipient <= 3 && alerts.length > 0),
          ...(netMail ? [row('net-team: its targets named once, no other', `${netNamed.size} of ${netExpected.length}`, `${netExpected.length}, each once`, netOk)] : []),
        ]
      : [
          row('emails', `${alerts.length}`, `${TARGETS}`, alerts.length === TARGETS),
          row('each alert in the Maildir after its event, at most', `${maxLag} ms (${lags.length} matched)`, `<= ${ONE_BY_ONE_GOAL_MS} ms`, maxLag <= ONE_BY_ONE_GOAL_MS && lags.length === TARGETS),
        ]),
  row('first alert in the Maildir after', `${(firstAlertMs / 1000).toFixed(1)} s`, `<= ${(EVENT_GOAL_MS / 1000).toFixed(1)} s`, firstAlertMs <= EVENT_GOAL_MS),
  ['last alert in the Maildir after', `${(lastAlertMs / 1000).toFixed(1)} s`, 'report', '-'],
  ...(PARENT ? [['addresses back: every target up in /api/status after', `${end.upMs} ms`, 'report', '-'], ['addresses back: the end email after', `${end.firstMs} ms`, 'report', '-']] : []),
]);
console.log(`\nALERT_QUEUED events: ${queued}; total ${((Date.now() - started) / 1000).toFixed(0)} s; reproduce: pnpm build && node scripts/bench/monitor/storm.mjs --targets ${TARGETS} --group-wait-ms ${GROUP_WAIT_MS}${PARENT ? ' --parent' : ''}${SILENT ? ' --silent' : ''}${ROUTE ? ' --route' : ''}`);
process.exitCode = unmet === 0 ? 0 : 1;
