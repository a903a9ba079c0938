/**
 * @module Alerts not yet accepted by the MTA, kept on disk in order so a restart loses none. A transition
 * is stored as "pending" before its event is recorded, then replaced by its alert: a kill in between
 * leaves the pending entry, which the next start completes.
 */
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurable } from '@uptime/durable-fs';
import type { NewEvent } from '@uptime/events';
import type { Transition } from '../transitions.js';
import type { AlertMessage, BehindTarget } from './alert-message.js';
import type { HeldChange } from '../alerting/digest-message.js';
import { OutboxSequence } from './outbox-sequence.js';
import { outboxContentProblem, type OutboxContent } from './outbox-entry-shape.js';

/**
 * A transition whose event may not be recorded yet; `address` is what the alert subject shows. The
 * event carries the time of the transition. `key` (the target's state key) and `transition` let its
 * target's state take the change once the event is recorded (entries of older versions have neither).
 */
export interface PendingTransition {
  event: NewEvent;
  address: string;
  key?: string;
  transition?: Transition;
  /** A target that went down: the targets unreachable behind it, which its alert lists. */
  behind?: BehindTarget[];
}

export interface OutboxEntry {
  file: string;
  alert: AlertMessage;
}

export interface PendingEntry {
  file: string;
  pending: PendingTransition;
}

/** A recorded change held for the digest of its window (`alerts.groupWait`). */
export interface HeldEntry {
  file: string;
  held: HeldChange;
}

type AnyEntry = OutboxEntry | PendingEntry | HeldEntry;

/** A directory of alert files named so that their order is the order they were made in. */
export class Outbox {
  private readonly sequence: OutboxSequence;

  constructor(private readonly dir: string) {
    this.sequence = new OutboxSequence(dir);
  }

  /** A name that sorts after every file already in the outbox, whatever the wall clock says. */
  private async nextName(suffix: string): Promise<string> {
    return `${await this.sequence.next()}-${suffix}.json`;
  }

  private async write(file: string, content: unknown): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileDurable(join(this.dir, file), JSON.stringify(content), { mode: 0o600 });
  }

  /** Stores an alert durably; resolves once it is on disk. */
  async put(alert: AlertMessage): Promise<OutboxEntry> {
    const file = await this.nextName(alert.eventId);
    await this.write(file, alert);
    return { file, alert };
  }

  /** Stores a transition before its event is recorded; resolves once it is on disk. */
  async putPending(pending: PendingTransition): Promise<PendingEntry> {
    const file = await this.nextName('transition');
    await this.write(file, { pending });
    return { file, pending };
  }

  /** Replaces a pending transition by its alert, in the same place in the order. */
  async complete(file: string, alert: AlertMessage): Promise<OutboxEntry> {
    await this.write(file, alert);
    return { file, alert };
  }

  /** Replaces a pending transition by its recorded change, held for a digest, in the same place in the order. */
  async hold(file: string, held: HeldChange): Promise<HeldEntry> {
    await this.write(file, { held });
    return { file, held };
  }

  /** Stores a recorded change held for a digest; resolves once it is on disk. */
  async putHeld(held: HeldChange): Promise<HeldEntry> {
    const file = await this.nextName('held');
    await this.write(file, { held });
    return { file, held };
  }

  /**
   * Every stored entry, oldest first. A file that cannot be used (not JSON, or not the shape of an entry)
   * is moved to `damaged/` for a person to look at and reported once, with what is wrong.
   */
  async listAll(onProblem: (message: string) => void = () => undefined): Promise<AnyEntry[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
    } catch {
      return [];
    }
    const entries: AnyEntry[] = [];
    for (const file of names) {
      let content: OutboxContent;
      try {
        const parsed: unknown = JSON.parse(await readFile(join(this.dir, file), 'utf8'));
        const problem = outboxContentProblem(parsed);
        if (problem) throw new Error(problem);
        content = parsed as OutboxContent;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // sent and removed meanwhile
        const where = await this.setAside(file, 'damaged').then(
          (path) => `moved to ${path}`,
          (moveErr: Error) => `skipped (could not be moved aside: ${moveErr.message})`,
        );
        onProblem(`outbox file ${join(this.dir, file)} cannot be used (${(err as Error).message}); ${where}`);
        continue;
      }
      if ('pending' in content) entries.push({ file, pending: content.pending });
      else if ('held' in content) entries.push({ file, held: content.held });
      else entries.push({ file, alert: content });
    }
    return entries;
  }

  /** Moves an entry out of the outbox into its folder `folder` (kept for a person, never sent); resolves with its new path. */
  async setAside(file: string, folder: 'damaged' | 'refused'): Promise<string> {
    const dir = join(this.dir, folder);
    await mkdir(dir, { recursive: true });
    const to = join(dir, file);
    await rename(join(this.dir, file), to);
    return to;
  }

  /** Every change held for a digest, oldest first. */
  async listHeld(onProblem: (message: string) => void = () => undefined): Promise<HeldEntry[]> {
    return (await this.listAll(onProblem)).filter((e): e is HeldEntry => 'held' in e);
  }

  /** Every stored alert, oldest first (pending transitions and held changes are left out). */
  async list(onProblem: (message: string) => void = () => undefined): Promise<OutboxEntry[]> {
    return (await this.listAll(onProblem)).filter((e): e is OutboxEntry => 'alert' in e);
  }

  /** Every pending transition, oldest first. */
  async listPending(onProblem: (message: string) => void = () => undefined): Promise<PendingEntry[]> {
    return (await this.listAll(onProblem)).filter((e): e is PendingEntry => 'pending' in e);
  }

  /** Removes an alert the MTA accepted. */
  async remove(file: string): Promise<void> {
    await rm(join(this.dir, file), { force: true });
  }
}
