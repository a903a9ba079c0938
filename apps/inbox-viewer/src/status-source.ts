/** @module The live status of every target, read from the file the monitor keeps (layout.statusFile). */
import { readFile } from 'node:fs/promises';
import { HTTPException } from 'hono/http-exception';

/** One target as `GET /api/status` answers it. */
export interface TargetStatus {
  name: string;
  host: string;
  status: 'up' | 'down' | 'unknown';
  since: string | null;
  rttMs: number | null;
}

const STATUS_WORDS = new Set(['up', 'down', 'unknown']);

function toTarget(raw: unknown): TargetStatus {
  const t = (raw ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    name: text(t.name) ?? '',
    host: text(t.host) ?? '',
    status: STATUS_WORDS.has(t.status as string) ? (t.status as TargetStatus['status']) : 'unknown',
    since: text(t.since),
    rttMs: typeof t.rttMs === 'number' && Number.isFinite(t.rttMs) ? t.rttMs : null,
  };
}

/** The targets in the status file; none when the monitor has not written it (yet). */
export async function readTargetStatus(statusFile: string): Promise<TargetStatus[]> {
  let text: string;
  try {
    text = await readFile(statusFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new HTTPException(503, { message: `status file ${statusFile} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new HTTPException(503, { message: `status file ${statusFile} is not valid JSON; the monitor rewrites it at its next check` });
  }
  const targets = (doc as { targets?: unknown } | null)?.targets;
  return Array.isArray(targets) ? targets.map(toTarget) : [];
}
