/** @module Wires the monitor: config -> probes -> scheduler -> transitions -> events, alerts and logs. */
import { join } from 'node:path';
import type { AppConfig, DataLayout, TargetConfig } from '@uptime/config';
import { isoLocal, type EventWriter, type HostDownEvent, type HostUpEvent } from '@uptime/events';
import { ProbeRegistry } from './probes/registry.js';
import type { ProbeResult } from './probes/probe.js';
import { checkTimeout } from './probes/check-timeout.js';
import { runSchedule } from './scheduler.js';
import { applyResult, initialState, type TargetState } from './transitions.js';
import { transitionEvent } from './transition-event.js';
import { formatCheckLine, nowMicros } from './records/check-line.js';
import { openAppendLog } from './records/append-log.js';
import { CONNECTION_COLUMNS, OUTAGE_COLUMNS, openCsvLog, type ConnectionRow, type OutageRow } from './records/csv-log.js';
import { StatusFile, type TargetStatus } from './status-file.js';
import { CheckWindow } from './check-window.js';
import { composeAlert } from './alerts/alert-message.js';
import { AlertSender } from './alerts/alert-sender.js';
import { Outbox } from './alerts/outbox.js';
import { CheckStats, type MonitorStats } from './check-stats.js';

export interface MonitorDeps {
  config: AppConfig;
  layout: DataLayout;
  events: EventWriter;
  /** Where the per-check lines and notices go (stdout in the CLI). */
  print: (line: string) => void;
  warn: (line: string) => void;
  /** Fail about one check in ten, marked as simulated. */
  simFail?: boolean;
}

export interface RunningMonitor {
  stop(): Promise<void>;
  /** Checks so far and how late they started against their schedule. */
  stats(): MonitorStats;
}

interface Tracked {
  target: TargetConfig;
  state: TargetState;
  address: string;
  rttMs: number | null;
  lastCheck: string | null;
  window: CheckWindow;
}

/** Starts checking every configured target; resolves once the first schedule is set. */
export async function startMonitor({ config, layout, events, print, warn, simFail }: MonitorDeps): Promise<RunningMonitor> {
  const { interval, failureThreshold, successThreshold, targets } = config.monitor;
  const probes = new ProbeRegistry();
  const monitorLog = openAppendLog(join(layout.logs, 'monitor.log'), warn);
  const notificationsLog = openAppendLog(join(layout.logs, 'notifications.log'), warn);
  const connections = openCsvLog<ConnectionRow>(join(layout.logs, 'connection_log.csv'), CONNECTION_COLUMNS, warn);
  const outages = openCsvLog<OutageRow>(join(layout.logs, 'outage_log.csv'), OUTAGE_COLUMNS, warn);
  const tracked: Tracked[] = targets.map((target) => ({
    target,
    state: initialState(),
    address: target.host,
    rttMs: null,
    lastCheck: null,
    window: new CheckWindow(),
  }));
  const snapshot = (): TargetStatus[] =>
    tracked.map(({ target, state, address, rttMs, lastCheck, window }) => ({
      name: target.name,
      host: address,
      probe: target.probe,
      status: state.status,
      since: state.since !== undefined ? isoLocal(new Date(state.since)) : null,
      rttMs,
      lastCheck,
      lossPercent: window.lossPercent(),
      averageRttMs: window.averageRttMs(),
      recent: window.recent(),
    }));
  const statusFile = new StatusFile(layout.statusFile, snapshot, warn);
  const sender = new AlertSender({
    outbox: new Outbox(layout.outbox),
    smtp: { host: config.mta.listen.host, port: config.mta.listen.port, name: config.mta.hostname },
    recordEvent: (e) => events.record(e),
    logNotification: (line) => notificationsLog.append(`${line}\n`),
    onProblem: warn,
  });
  if (targets.some((t) => t.probe === 'icmp')) print(`monitor: ICMP by ${probes.get('icmp').method}`);
  await sender.start();
  await statusFile.write();
  await events.record({
    code: 'MONITOR_STARTED',
    hosts: tracked.map((t) => t.address),
    message: `Monitor started: ${targets.length} target(s), a check every ${interval} ms.`,
  });

  const check = async (entry: Tracked): Promise<void> => {
    const simulated = simFail === true && Math.random() < 0.1;
    const result: ProbeResult = simulated
      ? { ok: false, address: entry.address, error: 'simulated failure (--sim-fail)' }
      : await probes.get(entry.target.probe).check(entry.target, checkTimeout(entry.target, config.monitor));
    const micros = nowMicros();
    const line = formatCheckLine(micros, result.ok, result.address, simulated);
    print(line);
    monitorLog.append(`${line}${result.ok || !result.error || simulated ? '' : ` (${result.error})`}\n`);
    entry.address = result.address;
    entry.rttMs = result.rttMs !== undefined ? Math.round(result.rttMs * 1000) / 1000 : null;
    entry.lastCheck = isoLocal(new Date(micros / 1000));
    entry.window.push({ t: entry.lastCheck, ok: result.ok, rttMs: entry.rttMs });
    connections.append({
      time: entry.lastCheck,
      target: entry.target.name,
      host: result.address,
      probe: entry.target.probe,
      status: result.ok ? 'up' : 'down',
      rtt_ms: entry.rttMs?.toString() ?? '',
      error: result.error ?? '',
    });

    const downSince = entry.state.downSince;
    const step = applyResult(entry.state, result.ok, Math.floor(micros / 1000), { failureThreshold, successThreshold });
    entry.state = step.state;
    statusFile.changed(step.transition !== undefined);
    if (!step.transition) return;

    const event = (await events.record(transitionEvent(entry.target, result.address, step.transition, result.error))) as
      | HostDownEvent
      | HostUpEvent;
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
    if (event.code === 'HOST_DOWN' || event.outageSeconds !== undefined) {
      await sender.enqueue(composeAlert(event, { from: config.alerts.from, to: config.alerts.to, hostname: config.mta.hostname }));
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
      return check(tracked[index] as Tracked);
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
      await Promise.all([monitorLog.flush(), notificationsLog.flush(), connections.flush(), outages.flush(), statusFile.close()]);
    },
  };
}
