/** @module Wires the monitor: config -> probes -> scheduler -> transitions -> events, alerts and logs. */
import { dirname, join } from 'node:path';
import type { AppConfig, DataLayout } from '@uptime/config';
import { isoLocal, readEvents, type EventWriter } from '@uptime/events';
import { ProbeRegistry } from './probes/registry.js';
import type { ProbeResult } from './probes/probe.js';
import { checkInterval, checkTimeout } from './probes/check-timeout.js';
import { icmpMethodLine } from './probes/icmp-method.js';
import { runSchedule } from './scheduler.js';
import { applyResult, commitTransition, type Transition } from './transitions.js';
import { ipAddresses, transitionEvent } from './transition-event.js';
import { nowMicros } from './records/check-line.js';
import { openAppendLog } from './records/append-log.js';
import { openCheckRecords } from './records/check-records.js';
import { OUTAGE_COLUMNS, openCsvLog, type OutageRow } from './records/csv-log.js';
import { StatusFile, recentWindowFits, statusWriteGaps } from './status-file.js';
import { savedState, targetStatus, trackTarget, type TrackedTarget } from './tracked-target.js';
import { TargetStateStore, settingsKey, stateKey, type SavedTargetState } from './target-state-store.js';
import { AlertSender } from './alerts/alert-sender.js';
import { Outbox } from './alerts/outbox.js';
import { TransitionAlerts } from './alerts/transition-alerts.js';
import { CertificateAlerts } from './alerts/certificate-alert.js';
import { DAY_MS } from './alerts/certificate-watch.js';
import { AlertDispatch } from './alerts/alert-dispatch.js';
import type { TransitionEvent } from './alerts/alert-message.js';
import { submissionOptions } from './alerts/submission-options.js';
import { CheckStats, type MonitorStats } from './check-stats.js';
import { EventBatcher } from './event-batcher.js';
import { createMonitorMetrics, MetricsSnapshot } from '@uptime/metrics';
import { TargetMetrics } from './target-metrics.js';
import { SimulatedOutages } from './simulated-outages.js';
import { ParentChecks } from './parent-checks.js';
import { MaintenanceTracker } from './maintenance-tracker.js';
import { HeldDowns } from './held-downs.js';
import { SilenceTracker } from './silence-tracker.js';
import { ControlRequests } from './control-requests.js';
import { namesTarget } from './alerting/maintenance-windows.js';
import { FlapTracker } from './flap-tracker.js';
import { ReminderTracker } from './reminder-tracker.js';
import { worthAlert } from './alerts/transition-alerts.js';
import { recipientsFor } from './alerting/recipients.js';
import { viewerBase } from './alerting/viewer-links.js';
import { composeFlapping, composeRepeat } from './alerting/policy-messages.js';
import type { HostDownEvent, HostUpEvent } from '@uptime/events';

export interface MonitorDeps {
  config: AppConfig;
  layout: DataLayout;
  events: EventWriter;
  /** Where the per-check lines and notices go (stdout in the CLI): whole lines, each with its newline, several at once. */
  print: (text: string) => void;
  warn: (line: string) => void;
  /** Simulated outages (about one check in ten starts one, lasting failureThreshold checks), marked as simulated. */
  simFail?: boolean;
}

export interface RunningMonitor {
  stop(): Promise<void>;
  /** Checks so far and how late they started against their schedule. */
  stats(): MonitorStats;
  /** Whether someone acknowledged the target of this name since it went down (reminders stop). */
  isAcknowledged(name: string): boolean;
}

/** Starts checking every configured target; resolves once the first schedule is set. */
export async function startMonitor({ config, layout, events, print, warn, simFail }: MonitorDeps): Promise<RunningMonitor> {
  const { interval, failureThreshold, successThreshold, targets } = config.monitor;
  const probes = new ProbeRegistry(warn);
  // before anything else starts: without raw sockets, the system ping must work or the monitor refuses to start
  if (targets.some((t) => t.probe === 'icmp')) print(await icmpMethodLine(probes.get('icmp'), targets));
  const records = openCheckRecords(layout.logs, print, warn, config.logs);
  const notificationsLog = openAppendLog(join(layout.logs, 'notifications.log'), warn, { batchMs: 0, rotate: config.logs });
  const outages = openCsvLog<OutageRow>(join(layout.logs, 'outage_log.csv'), OUTAGE_COLUMNS, warn, { batchMs: 0 });
  // each target continues from the status a previous run recorded, unless its checked settings changed
  const saved = await TargetStateStore.load(layout.targetStateFile, warn);
  const withRecent = recentWindowFits(targets.length);
  const tracked = targets.map((t) => trackTarget(t, TargetStateStore.savedFor(saved, t), withRecent));
  const stateStore = new TargetStateStore(layout.targetStateFile, () => savedStates(tracked), warn);
  const byKey = new Map(tracked.map((entry) => [stateKey(entry.target), entry]));
  const snapshot = function* () {
    const now = Date.now();
    for (const entry of tracked) {
      yield targetStatus(entry, withRecent, { silenced: silences.isSilenced(entry.target, now), acknowledged: silences.isAcknowledged(entry.target.name), flapping: flaps.isFlapping(entry.target.name) });
    }
  };
  const statusFile = new StatusFile(layout.statusFile, snapshot, warn, statusWriteGaps(tracked.length));
  const transitionEvents = new EventBatcher(events);
  const targetMetrics = new TargetMetrics();
  const metrics = createMonitorMetrics(() => targetMetrics.collect());
  targetMetrics.attach(metrics);
  for (const entry of tracked) targetMetrics.status(entry, entry.state.status);
  // a snapshot of thousands of targets' series is costly: every 2 s for a few targets, every 20 s for 5,000
  const metricsSnapshot = new MetricsSnapshot(layout, 'monitor', metrics.registry, Math.max(2000, targets.length * 4));
  const outbox = new Outbox(layout.outbox);
  const sender = new AlertSender({
    outbox,
    smtp: await submissionOptions(config, layout),
    recordEvent: (e) => events.record(e),
    logNotification: (line) => notificationsLog.append(`${line}\n`),
    onProblem: warn,
    onOutcome: (accepted) => {
      (accepted ? metrics.alertsQueued : metrics.alertsFailed).inc();
      metrics.alertsPending.set(sender.pending - (accepted ? 1 : 0));
    },
  });

  /** Applies a recorded transition to its target: state, metrics, status file, outage log, state file. */
  const commit = async (entry: TrackedTarget, transition: Transition, event: TransitionEvent, address: string): Promise<void> => {
    commitTransition(entry.state, transition);
    targetMetrics.status(entry, transition.after);
    statusFile.changed(true);
    if (event.code === 'HOST_UP' && event.outageSeconds !== undefined && transition.outageStart !== undefined) {
      const start = isoLocal(new Date(transition.outageStart));
      outages.append({
        date: start.slice(0, 10),
        host: address,
        target: entry.target.name,
        start,
        end: event.time,
        duration_seconds: event.outageSeconds,
      });
    }
    metricsSnapshot.flushSoon(Math.max(250, targets.length / 5));
    metrics.alertsPending.set(sender.pending);
    await stateStore.save();
  };

  const alertOptions = { from: config.alerts.from, to: config.alerts.to, hostname: config.mta.hostname, sensor: config.sensor.name, viewerBase: viewerBase(config.viewer) };
  const byName = new Map(tracked.map((entry) => [entry.target.name, entry]));
  // alerts.to and the routes that name the target or one of its tags
  const recipientsOf = (name: string) => recipientsFor(byName.get(name)?.target ?? { name }, config.alerts.to, config.alerts.routes);
  const dispatch = new AlertDispatch({
    outbox,
    sender,
    alert: alertOptions,
    groupWaitMs: config.alerts.groupWait,
    onProblem: warn,
    recipientsOf,
  });
  const stateDir = dirname(layout.targetStateFile);
  /** A maintenance window or a silence holds target `name`'s emails back now (no FLAPPING email, no reminder). */
  const quiet = (name: string): boolean => {
    const target = byName.get(name)?.target;
    return target !== undefined && (maintenance.suppression(target, Date.now()) !== undefined || silences.isSilenced(target));
  };
  const reminders = new ReminderTracker({
    policy: { repeatInterval: config.alerts.repeatInterval, escalateAfter: config.alerts.escalate.map((e) => e.after) },
    statePath: join(stateDir, 'reminders.json'),
    isDown: (name) => byName.get(name)?.state.status === 'down',
    isAcknowledged: (name) => silences.isAcknowledged(name),
    sendReminder: async (event, address, count, downFor) => {
      if (!quiet(event.target)) await dispatch.sendAs(composeRepeat(event, { ...alertOptions, to: recipientsOf(event.target) }, address, { kind: 'reminder', count }, downFor));
    },
    sendEscalation: async (event, address, step, downFor) => {
      const to = config.alerts.escalate[step]?.to ?? config.alerts.to;
      if (!quiet(event.target)) await dispatch.sendAs(composeRepeat(event, { ...alertOptions, to }, address, { kind: 'escalated', step }, downFor));
    },
    onProblem: warn,
  });
  /** A change of a target was recorded; `told` when its email goes out: flapping and reminders hear of it. */
  const changed = async (event: HostDownEvent | HostUpEvent, address: string, told: boolean): Promise<void> => {
    flaps.noted(event, address, told);
    if (event.code === 'HOST_UP') reminders.ended(event.target);
    else if (told) await reminders.told(event, address);
  };
  /** Sends a DOWN held back until now (maintenance, silence, flapping), listing the targets unreachable behind it now, and tells flapping and reminders. */
  const sendHeldDown = async (event: HostDownEvent | HostUpEvent, address: string): Promise<void> => {
    const entry = event.code === 'HOST_DOWN' ? byName.get(event.target) : undefined;
    await dispatch.dispatchRecorded(event, address, entry ? parentChecks.unreachableBehind(entry) : []);
    await changed(event, address, true);
  };
  const flaps = new FlapTracker({
    thresholds: config.alerts.flapping,
    statePath: join(stateDir, 'flapping.json'),
    record: (e) => transitionEvents.record(e),
    sendFlapping: async (event, address) => {
      if (!quiet(event.target)) await dispatch.sendNow(composeFlapping(event, alertOptions, address), event.target);
    },
    sendChange: sendHeldDown,
    onProblem: warn,
  });
  await flaps.load();
  const transitionAlerts = new TransitionAlerts({
    outbox,
    dispatch,
    record: (e) => transitionEvents.record(e),
    onProblem: warn,
    // a recorded transition changes its target (also one recorded late: parked while the event log failed,
    // or left by a kill, unless the saved state already took it)
    onRecorded: (pending, event) => {
      const entry = pending.key !== undefined ? byKey.get(pending.key) : undefined;
      const transition = pending.transition;
      if (!entry || !transition) return undefined;
      if (entry.state.status === transition.after && entry.state.since === transition.time) return undefined;
      return commit(entry, transition, event, pending.address);
    },
  });
  const certificates = new CertificateAlerts({
    record: (e) => events.record(e),
    enqueue: (alert) => sender.enqueue(alert),
    alert: alertOptions,
    onProblem: warn,
  });
  if (targets.some((t) => t.certificateExpiry !== undefined)) {
    const lastDay = new Date(Date.now() - DAY_MS);
    certificates.recall(await readEvents(layout.events, { code: ['CERT_EXPIRING'], since: lastDay, limit: 10_000 }, { onProblem: warn }));
  }
  await dispatch.recover();
  await transitionAlerts.recover();
  await sender.start();
  const maintenance = new MaintenanceTracker({ windows: config.maintenance, record: (e) => transitionEvents.record(e), onProblem: warn });
  // DOWN alerts held back by a window or a silence: sent when neither holds the target and it is still down
  const held: HeldDowns = new HeldDowns({
    holds: (name): boolean => {
      const target = byName.get(name)?.target;
      return target !== undefined && (maintenance.suppression(target, Date.now()) !== undefined || silences.isSilenced(target));
    },
    isDown: (name) => {
      const entry = byName.get(name);
      if (!entry) return false;
      return entry.window.lastTimeMs() === null ? undefined : entry.state.status === 'down';
    },
    sendDown: sendHeldDown,
    onProblem: warn,
    onChange: () => void silences.save(),
  });
  const silences: SilenceTracker = new SilenceTracker({
    stateFile: layout.silenceStateFile,
    statusOf: (name) => byName.get(name)?.state.status,
    addressesOf: (names) => ipAddresses(tracked.filter((t) => namesTarget(names, t.target)).map((t) => t.address)),
    record: (e) => transitionEvents.record(e),
    held,
    onChange: () => statusFile.changed(true),
    onProblem: warn,
  });
  await maintenance.start();
  await silences.start();
  held.start();
  await reminders.start();
  const controlRequests = new ControlRequests({ dir: layout.controlRequests, apply: (request) => silences.apply(request), onProblem: warn });
  await controlRequests.start();
  await statusFile.write();
  await events.record({
    code: 'MONITOR_STARTED',
    hosts: ipAddresses(tracked.map((t) => t.address)),
    message: `Monitor started: ${targets.length} target(s), a check every ${interval} ms.`,
  });

  // about one check in ten starts a simulated outage that lasts through its re-checks, so it is reported
  const simulatedOutages = simFail ? new SimulatedOutages(0.1, failureThreshold) : undefined;

  /** One check; true when it recorded a status change. `probed` hears when its result is counted. */
  const check = async (entry: TrackedTarget, probed: () => void): Promise<boolean> => {
    const simulated = simulatedOutages?.fails(entry) === true;
    const result: ProbeResult = simulated
      ? { ok: false, address: entry.address, error: 'simulated failure (--sim-fail)' }
      : await probes.get(entry.target.probe).check(entry.target, checkTimeout(entry.target, config.monitor));
    const micros = nowMicros();
    const ms = Math.floor(micros / 1000);
    const rttMs = result.rttMs !== undefined ? Math.round(result.rttMs * 1000) / 1000 : null;
    records.add(entry.target, result, micros, rttMs, simulated);
    entry.address = result.address;
    entry.window.push(ms, result.ok, rttMs);
    entry.lastError = result.ok ? undefined : result.error;
    if (result.notAfter) {
      entry.notAfter = result.notAfter.getTime();
      void certificates.seen(entry.target, result.address, result.notAfter);
    }

    // the status changes only once the transition's event and alert are safely recorded: until then (or
    // while a transition of this target is parked, waiting for the event log) each check finds it again
    const proposed = applyResult(entry.state, result.ok, ms, { failureThreshold, successThreshold }, performance.now());
    probed();
    targetMetrics.check(entry, result.ok, rttMs);
    statusFile.changed();
    // every result counts towards flapping, before the change it may cause is decided (and held back)
    const flapChange = flaps.checked(entry.target.name, result.address, result.ok, entry.state.status);
    if (flapChange) await flapChange;
    // most checks change nothing: no promise, no allocation beyond the result for them
    if (!proposed && !parentChecks.related(entry)) return false;
    // a failing target's parents are checked before it is declared down: behind a failing parent it is unreachable
    const { transition, parents } = await parentChecks.decide(entry, result.ok, proposed, ms);
    if (!transition) return false;
    // a simulated outage is marked as such from its DOWN to its UP (alerts, events)
    if (transition.after === 'down' ? simulated : transition.after === 'up' && entry.state.downSimulated) transition.simulated = true;
    const key = stateKey(entry.target);
    if (transitionAlerts.isParked(key)) return false;
    try {
      // the targets behind one going down are checked at once; its alert lists those unreachable
      const behind = transition.after === 'up' ? [] : await parentChecks.sweepDown(entry);
      await records.flush(); // whoever sees the event finds the check that caused it, on stdout and in the logs
      const event = transitionEvent(entry.target, result.address, transition, result.error, { parents, behind });
      // inside a maintenance window, under a silence or once acknowledged the change is recorded, its email held back
      const suppressed = maintenance.suppression(entry.target, ms) ?? silences.suppression(entry.target, event.code, ms) ?? flaps.suppression(entry.target.name);
      if (suppressed && (event.code === 'HOST_DOWN' || event.code === 'HOST_UP')) event.suppressed = suppressed;
      // the target takes the change (see onRecorded) once its event is recorded, before its alert may be sent
      const recorded = await transitionAlerts.record({
        event,
        address: result.address,
        key,
        transition,
        ...(transition.after === 'down' && behind.length > 0 ? { behind } : {}),
      });
      held.noted(recorded, result.address);
      silences.noted(recorded);
      if (recorded.code === 'HOST_DOWN' || recorded.code === 'HOST_UP') await changed(recorded, result.address, worthAlert(recorded));
    } finally {
      parentChecks.settled(entry);
    }
    if (transition.after === 'up') parentChecks.sweepUp(entry);
    return true;
  };

  // a failing check (event log or outbox not writable) is reported once, with its reason, until a status
  // change is recorded again; probing goes on. A transition that could not be stored in the outbox is
  // found again by the next check; one whose event could not be recorded is parked in the outbox and
  // tried again while running (and at the next start).
  let lastFailure: string | undefined;
  /** One check; true asks the scheduler for a quick re-check (a failure not yet confirmed as down). */
  const guardedCheck = async (entry: TrackedTarget, probed: () => void): Promise<boolean> => {
    try {
      if (await check(entry, probed)) lastFailure = undefined;
    } catch (err) {
      const reason = (err as Error).message;
      if (reason !== lastFailure) warn(`check of ${entry.target.name} failed: ${reason}; probing continues`);
      lastFailure = reason;
    }
    // re-check soon only while a failure is not yet confirmed: a confirmed one that could not be recorded
    // (outbox unwritable) is tried again at the target's own pace, not at retryInterval for as long as it lasts
    const { failures } = entry.state;
    return failures > 0 && failures < failureThreshold && entry.state.status !== 'down' && entry.state.status !== 'unreachable';
  };
  // checks asked for out of turn (parents, the targets behind one that changed) join the one in flight
  const parentChecks = new ParentChecks(tracked, guardedCheck);

  const checkStats = new CheckStats();
  const controller = new AbortController();
  const scheduled = runSchedule({
    count: tracked.length,
    intervalMs: interval,
    intervalOf: (index) => checkInterval((tracked[index] as TrackedTarget).target, config.monitor),
    retryIntervalMs: config.monitor.retryInterval,
    signal: controller.signal,
    run: (index, dueAt) => {
      checkStats.started(performance.now() - dueAt);
      return parentChecks.run(tracked[index] as TrackedTarget);
    },
    onSkip: () => checkStats.skip(),
  });

  return {
    stats: () => checkStats.snapshot(tracked.length, interval),
    isAcknowledged: (name) => silences.isAcknowledged(name),
    async stop() {
      controller.abort();
      await scheduled;
      probes.close();
      await transitionAlerts.stop();
      await controlRequests.stop();
      await maintenance.stop();
      await held.stop();
      await silences.stop();
      await reminders.stop();
      await flaps.stop();
      await dispatch.stop();
      await sender.stop();
      const kept = sender.pending + transitionAlerts.parkedCount;
      await events.record({
        code: 'MONITOR_STOPPED',
        hosts: [],
        message: `Monitor stopped${kept ? `; ${kept} alert(s) kept in the outbox for the next start` : ''}.`,
      }).catch((err: Error) => warn(`MONITOR_STOPPED not recorded: ${err.message}`)); // the logs are still flushed below
      await Promise.all([stateStore.save(), records.flush(), notificationsLog.flush(), outages.flush(), statusFile.close(), metricsSnapshot.stop()]);
    },
  };
}

/** The state of every target that has a recorded status, by name, for the state file. */
function* savedStates(tracked: readonly TrackedTarget[]): Iterable<[string, SavedTargetState]> {
  for (const entry of tracked) {
    const saved = savedState(entry, settingsKey(entry.target));
    if (saved) yield [entry.target.name, saved];
  }
}
