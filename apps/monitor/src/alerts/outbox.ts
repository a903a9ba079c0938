/** @module Alerts not yet accepted by the MTA, kept on disk in order so a restart loses none. */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurable } from '@uptime/durable-fs';
import type { AlertMessage } from './alert-message.js';

export interface OutboxEntry {
  file: string;
  alert: AlertMessage;
}

/** A directory of alert files named so that their order is the order they were made in. */
export class Outbox {
  private seq = 0;

  constructor(private readonly dir: string) {}

  /** Stores an alert durably; resolves once it is on disk. */
  async put(alert: AlertMessage): Promise<OutboxEntry> {
    await mkdir(this.dir, { recursive: true });
    const file = `${String(Date.now()).padStart(15, '0')}-${String(this.seq++).padStart(6, '0')}-${alert.eventId}.json`;
    await writeFileDurable(join(this.dir, file), JSON.stringify(alert), { mode: 0o600 });
    return { file, alert };
  }

  /** Every stored alert, oldest first; unreadable files are reported and left for a person to look at. */
  async list(onProblem: (message: string) => void = () => undefined): Promise<OutboxEntry[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
    } catch {
      return [];
    }
    const entries: OutboxEntry[] = [];
    for (const file of names) {
      try {
        entries.push({ file, alert: JSON.parse(await readFile(join(this.dir, file), 'utf8')) as AlertMessage });
      } catch (err) {
        onProblem(`outbox file ${join(this.dir, file)} is unreadable (${(err as Error).message}); it is skipped`);
      }
    }
    return entries;
  }

  /** Removes an alert the MTA accepted. */
  async remove(file: string): Promise<void> {
    await rm(join(this.dir, file), { force: true });
  }
}
