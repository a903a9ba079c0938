/** @module Wires the monitor: config -> probes -> scheduler -> transitions -> events, alerts and logs. */
import { join } from 'node:path';
import type { AppConfig, DataLayout } from '@uptime/config';
import { isoLocal, type EventWriter } from '@uptime/events';
import { ProbeRegistry } from './probes/registry.js';
import type { ProbeResult } from './probes/probe.js';
import { checkTimeout } from './probes/check-timeout.js';
import { runSchedule } from './scheduler.js';
import { applyResult } from './transitions.js';
import { ipAddresses, transitionEvent } from './transition-event.js';
import { nowMicros } from './records/check-line.js';
import { openAppendLog } from './records/append-log.js';
import { openCheckRecords } from './records/check-records.js';
import { OUTAGE_COLUMNS, openCsvLog, type OutageRow } from './records/csv-log.js';
import { StatusFile, recentWindowFits, statusWriteGaps } from './status-file.js';
import { targetStatus, trackTarget, type TrackedTarget } from './tracked-target.js';
import { AlertSender } from './alerts/alert-sender.js';
import { Outbox } from './alerts/outbox.js';
import { TransitionAlerts } from './alerts/transition-alerts.js';
import { submissionOptions } from './alerts/submission-options.js';
import { CheckStats, type MonitorStats } from './check-stats.js';
import { EventBatcher } from './event-batcher.js';
import { createMonitorMetrics, MetricsSnapshot } from '@uptime/metrics';
import { TargetMetrics } from './target-metrics.js';

export interface MonitorDeps {
  config: AppConfig;
  layout: DataLayout;
  events: EventWriter;
  /** Where the per-check lines and notices go (stdout in the CLI): whole lines, each with its newline, several at once. */
  print: (text: string) => void;
  warn: (line: string) => void;
  /** Fail about one check in ten, marked as simulated. */
  simFail?: boolean;
}

export interface RunningMonitor {
  stop(): Promise<void>;
  /** Checks so far and how late they started against their schedule. */
  stats(): MonitorStats;
}

/** Starts checking every configured target; resolves once the first schedule is set. */
export async function startMonitor({ config, layout, events, print, warn, simFail }: MonitorDeps): Promise<RunningMonitor> {
  const { interval, failureThreshold, successThreshold, targets } = config.monitor;
  const probes = new ProbeRegistry();
  const records = openCheckRecords(layout.logs, print, warn, config.logs);
  const notificationsLog = openAppendLog(join(layout.logs, 'notifications.log'), warn, { batchMs: 0, rotate: config.logs });
  const outages = openCsvLog<OutageRow>(join(layout.logs, 'outage_log.csv'), OUTAGE_COLUMNS, warn, { batchMs: 0 });
  const tracked = targets.map(trackTarget);
  const withRecent = recentWindowFits(tracked.length);
  const snapshot = function* () {
    for (const entry of tracked) yield targetStatus(entry, withRecent);
  };
  const statusFile = new StatusFile(layout.statusFile, snapshot, warn, statusWriteGaps(tracked.length));
  const transitionEvents = new EventBatcher(events);
  const metrics = createMonitorMetrics();
  const targetMetrics = new TargetMetrics(metrics);
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
  if (targets.some((t) => t.probe === 'icmp')) print(`monitor: ICMP by ${probes.get('icmp').method}\n`);
  const transitionAlerts = new TransitionAlerts({
    outbox,
    sender,
    record: (e) => transitionEvents.record(e),
    alert: { from: config.alerts.from, to: config.alerts.to, hostname: config.mta.hostname, sensor: config.sensor.name },
    onProblem: warn,
  });
  await transitionAlerts.recover();
  await sender.start();
  await statusFile.write();
  await events.record({
    code: 'MONITOR_STARTED',
    hosts: ipAddresses(tracked.map((t) => t.address)),
    message: `Monitor started: ${targets.length} target(s), a check every ${interval} ms.`,
  });

  /** One check; true when it recorded a status change. */
  const check = async (entry: TrackedTarget): Promise<boolean> => {
    const simulated = simFail === true && Math.random() < 0.1;
    const result: ProbeResult = simulated
      ? { ok: false, address: entry.address, error: 'simulated failure (--sim-fail)' }
      : await probes.get(entry.target.probe).check(entry.target, checkTimeout(entry.target, config.monitor));
    const micros = nowMicros();
    const ms = Math.floor(micros / 1000);
    const rttMs = result.rttMs !== undefined ? Math.round(result.rttMs * 1000) / 1000 : null;
    records.add(entry.target, result, micros, rttMs, simulated);
    entry.address = result.address;
    entry.window.push(ms, result.ok, rttMs);

    const downSince = entry.state.downSince;
    const step = applyResult(entry.state, result.ok, ms, { failureThreshold, successThreshold });
    targetMetrics.check(entry, result.ok, rttMs);
    statusFile.changed(step.transition !== undefined);
    if (!step.transition) return false;
    targetMetrics.status(entry, step.transition.after);

    await records.flush(); // whoever sees the event finds the check that caused it, on stdout and in the logs

    const event = await transitionAlerts.record(transitionEvent(entry.target, result.address, step.transition, result.error), result.address);
    if (event.code === 'HOST_UP' && event.outageSeconds !== undefined && downSince !== undefined) {
      const start = isoLocal(new Date(downSince));
      outages.append({
        date: start.slice(0, 10),
        host: result.address,
        target: entry.target.name,
        start,
        end: event.time,
        duration_seconds: event.outageSeconds,
      });
    }
    metricsSnapshot.flushSoon(Math.max(250, targets.length / 5));
    metrics.alertsPending.set(sender.pending);
    return true;
  };

  // a failing check (event log or outbox not writable) is reported once, with its reason, until a status
  // change is recorded again; probing goes on. An alert whose event could not be recorded stays pending
  // in the outbox, and the next start completes it.
  let lastFailure: string | undefined;
  const guardedCheck = async (entry: TrackedTarget): Promise<void> => {
    try {
      if (await check(entry)) lastFailure = undefined;
    } catch (err) {
      const reason = (err as Error).message;
      if (reason !== lastFailure) warn(`check of ${entry.target.name} failed: ${reason}; probing continues`);
      lastFailure = reason;
    }
  };

  const checkStats = new CheckStats();
  const controller = new AbortController();
  const scheduled = runSchedule({
    count: tracked.length,
    intervalMs: interval,
    signal: controller.signal,
    run: (index, dueAt) => {
      checkStats.started(Date.now() - dueAt);
      return guardedCheck(tracked[index] as TrackedTarget);
    },
    onSkip: () => checkStats.skip(),
  });

  return {
    stats: () => checkStats.snapshot(tracked.length, interval),
    async stop() {
      controller.abort();
      await scheduled;
      probes.close();
      await sender.stop();
      await events.record({
        code: 'MONITOR_STOPPED',
        hosts: [],
        message: `Monitor stopped${sender.pending ? `; ${sender.pending} alert(s) kept in the outbox for the next start` : ''}.`,
      });
      await Promise.all([records.flush(), notificationsLog.flush(), outages.flush(), statusFile.close(), metricsSnapshot.stop()]);
    },
  };
}
