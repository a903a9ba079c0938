/**
 * @module Requests to the monitor, the one owner of silences and acknowledgements: the viewer and the CLI
 * write one file each into layout.controlRequests (atomically, under a unique name); the monitor applies
 * them in the order they were made and removes each once applied.
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ensureDir, writeFileDurable } from '@uptime/durable-fs';
import type { Silence } from './silence.js';

export type ControlRequest =
  | { kind: 'silence-add'; silence: Silence }
  | { kind: 'silence-delete'; id: string; author: string }
  | { kind: 'ack'; target: string; author: string; comment: string; time: string };

/** A request file found in the directory: its request, or why it cannot be read. */
export interface FoundRequest {
  path: string;
  request?: ControlRequest;
  problem?: string;
}

/** Writes `request` for the monitor; resolves with its file once it is durably there. */
export async function writeControlRequest(dir: string, request: ControlRequest): Promise<string> {
  await ensureDir(dir);
  // the name sorts by when it was made; the random part keeps two writers in one millisecond apart
  const path = join(dir, `${String(Date.now()).padStart(15, '0')}-${randomBytes(6).toString('hex')}.json`);
  await writeFileDurable(path, `${JSON.stringify(request)}\n`, { mode: 0o600 });
  return path;
}

/** The request in a file's text, or a problem saying why it is not one. */
export function parseControlRequest(text: string): ControlRequest | string {
  let doc: Record<string, unknown>;
  try {
    doc = (JSON.parse(text) ?? {}) as Record<string, unknown>;
  } catch {
    return 'not valid JSON';
  }
  const str = (k: string) => typeof doc[k] === 'string';
  if (doc.kind === 'silence-add' && typeof doc.silence === 'object' && doc.silence !== null) return doc as unknown as ControlRequest;
  if (doc.kind === 'silence-delete' && str('id') && str('author')) return doc as unknown as ControlRequest;
  if (doc.kind === 'ack' && str('target') && str('author') && str('comment') && str('time')) return doc as unknown as ControlRequest;
  return `not a request (kind ${JSON.stringify(doc.kind)})`;
}

/** The requests waiting in `dir`, oldest first (none when it does not exist). Temporary files of writes in progress are left alone. */
export async function pendingControlRequests(dir: string): Promise<FoundRequest[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const found: FoundRequest[] = [];
  for (const name of names.filter((n) => !n.startsWith('.') && n.endsWith('.json')).sort()) {
    const path = join(dir, name);
    const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
    if (text === undefined) continue; // applied and removed meanwhile
    const parsed = parseControlRequest(text);
    found.push(typeof parsed === 'string' ? { path, problem: parsed } : { path, request: parsed });
  }
  return found;
}

/** Removes an applied (or unreadable) request. */
export async function removeControlRequest(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
}
