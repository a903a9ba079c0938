/** @module Where each part keeps its files under the data directory. */
import { join, resolve } from 'node:path';

export interface DataLayout {
  root: string;
  events: string;
  logs: string;
  mail: string;
  spool: string;
  /** Alerts the monitor has not yet handed to the MTA. */
  outbox: string;
  run: string;
  /** Live status of every target, written by the monitor, read by the viewer. */
  statusFile: string;
  /** The monitor's last recorded status of each target (and outage start), kept across restarts. */
  targetStateFile: string;
  /** Requests to the monitor (add or delete a silence, acknowledge): one file each, written by the viewer and the CLI. */
  controlRequests: string;
  /** The silences and acknowledgements in force, owned by the monitor, kept across restarts. */
  silenceStateFile: string;
}

/** The file layout under `dataDir` (see SPEC.md). */
export function dataLayout(dataDir: string): DataLayout {
  const root = resolve(dataDir);
  return {
    root,
    events: join(root, 'events'),
    logs: join(root, 'logs'),
    mail: join(root, 'mail'),
    spool: join(root, 'spool'),
    outbox: join(root, 'outbox'),
    run: join(root, 'run'),
    statusFile: join(root, 'run', 'status.json'),
    targetStateFile: join(root, 'state', 'targets.json'),
    controlRequests: join(root, 'requests'),
    silenceStateFile: join(root, 'state', 'silences.json'),
  };
}
