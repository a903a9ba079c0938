/**
 * @module What every check leaves behind: its line on stdout and in monitor.log, and its row in
 * connection_log.csv. Each is gathered and written in batches, so thousands of checks a second cost a
 * few writes a second.
 */
import { join } from 'node:path';
import type { TargetConfig } from '@uptime/config';
import type { ProbeResult } from '../probes/probe.js';
import { openAppendLog } from './append-log.js';
import { formatCheckLine, isoLocalMs } from './check-line.js';
import { CONNECTION_COLUMNS, openCsvLog, type ConnectionRow } from './csv-log.js';
import { createLineBuffer } from './line-buffer.js';
import type { Rotation } from './log-file.js';

export interface CheckRecords {
  /** Records one check that ended at `micros` (µs since the epoch) with `rttMs` rounded to the µs. */
  add(target: TargetConfig, result: ProbeResult, micros: number, rttMs: number | null, simulated: boolean): void;
  /** Writes everything gathered so far. */
  flush(): Promise<void>;
}

/** Opens the per-check records under `logsDir` (both files rotated by `rotate` when given); the lines for stdout go to `print`. */
export function openCheckRecords(logsDir: string, print: (text: string) => void, warn: (line: string) => void, rotate?: Rotation): CheckRecords {
  const lines = createLineBuffer(print);
  const monitorLog = openAppendLog(join(logsDir, 'monitor.log'), warn, { rotate });
  const connections = openCsvLog<ConnectionRow>(join(logsDir, 'connection_log.csv'), CONNECTION_COLUMNS, warn, { rotate });
  return {
    add(target, result, micros, rttMs, simulated) {
      const line = formatCheckLine(micros, result.ok, result.address, simulated);
      lines.push(line);
      monitorLog.append(`${line}${result.ok || !result.error || simulated ? '' : ` (${result.error})`}\n`);
      connections.append({
        time: isoLocalMs(Math.floor(micros / 1000)),
        target: target.name,
        host: result.address,
        probe: target.probe,
        status: result.ok ? 'up' : 'down',
        rtt_ms: rttMs?.toString() ?? '',
        error: result.error ?? '',
      });
    },
    async flush() {
      lines.flush();
      await Promise.all([monitorLog.flush(), connections.flush()]);
    },
  };
}
