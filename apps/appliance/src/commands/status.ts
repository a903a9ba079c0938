/** @module `uptime-sensor status [--json]`: every target's status, since when, RTT, silenced/acknowledged, from the monitor's status file. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readParts, type PartHealth } from '@uptime/config';
import { flagsOf, loadOrExit, withExamples, withShared } from './command-kit.js';

/** One target as `GET /api/status` answers it. */
export interface StatusRow {
  name: string;
  host: string;
  status: string;
  since: string | null;
  rttMs: number | null;
  parents: string[];
  tags: string[];
  silenced: boolean;
  acknowledged: boolean;
  flapping: boolean;
}

const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

function toRow(raw: Record<string, unknown>): StatusRow {
  return {
    name: String(raw.name ?? ''),
    host: String(raw.host ?? ''),
    status: typeof raw.status === 'string' ? raw.status : 'unknown',
    since: typeof raw.since === 'string' ? raw.since : null,
    rttMs: typeof raw.rttMs === 'number' ? raw.rttMs : null,
    parents: strings(raw.parents),
    tags: strings(raw.tags),
    silenced: raw.silenced === true,
    acknowledged: raw.acknowledged === true,
    flapping: raw.flapping === true,
  };
}

/** The targets in the monitor's status file, or a message saying why there are none. */
export function readStatusRows(statusFile: string): StatusRow[] | string {
  let doc: { targets?: unknown };
  try {
    doc = JSON.parse(readFileSync(statusFile, 'utf8')) as { targets?: unknown };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `no status yet: ${statusFile} does not exist (is the appliance running? start it with \`uptime-sensor start\`)`
      : `cannot read ${statusFile} (${code ?? (err as Error).message}); the monitor rewrites it at its next check`;
  }
  return Array.isArray(doc.targets) ? doc.targets.map((t) => toRow((t ?? {}) as Record<string, unknown>)) : [];
}

/** The rows as an aligned table with a header. */
export function formatStatusTable(rows: StatusRow[]): string {
  const flags = (r: StatusRow) => [r.silenced && 'silenced', r.acknowledged && 'acknowledged', r.flapping && 'flapping'].filter(Boolean).join(', ');
  const cells = [
    ['TARGET', 'HOST', 'STATUS', 'SINCE', 'RTT', 'NOTES'],
    ...rows.map((r) => [r.name, r.host, r.status, r.since ?? '-', r.rttMs === null ? '-' : `${r.rttMs.toFixed(1)} ms`, flags(r) || '-']),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

const partLine = (parts: PartHealth[]) =>
  parts.length === 0 ? 'parts: none running' : `parts: ${parts.map((p) => `${p.part} ${p.up ? 'up' : 'DOWN'} (pid ${p.pid}${p.listen ? `, ${p.listen}` : ''})`).join('; ')}`;

/** Registers `status`: exit 0 with the table (or JSON), 1 when the monitor has written no status. */
export function registerStatus(program: Command): void {
  const command = program.command('status').description('every target: status, since when, round-trip time, silenced/acknowledged; and which parts run').option('--json', 'print JSON as GET /api/status answers it, plus the parts');
  withExamples(withShared(command), ['status', 'status --json | jq -r \'.targets[] | select(.status == "down") | .name\''])
    .action((_o, cmd: Command) => {
      const { layout } = loadOrExit(cmd);
      const rows = readStatusRows(layout.statusFile);
      const parts = readParts(layout);
      if (flagsOf<{ json?: boolean }>(cmd).json) {
        process.stdout.write(`${JSON.stringify({ targets: typeof rows === 'string' ? [] : rows, parts }, null, 2)}\n`);
      } else {
        process.stdout.write(`${partLine(parts)}\n${typeof rows === 'string' ? '' : formatStatusTable(rows)}`);
      }
      if (typeof rows === 'string') {
        process.stderr.write(`uptime-sensor: ${rows}\n`);
        process.exitCode = 1;
      }
    });
}
