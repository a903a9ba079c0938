/** @module Test helper: a temp data dir with real Maildir files, written by nodemailer's MailComposer or as raw text. */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { dataLayout, type DataLayout } from '@uptime/config';

/** A fresh data directory and its layout; `remove()` deletes it. */
export function tempDataDir(): { layout: DataLayout; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'viewer-test-'));
  return { layout: dataLayout(root), remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A composed RFC 5322 message. */
export function compose(mail: Mail.Options): Promise<Buffer> {
  return new MailComposer(mail).compile().build();
}

export interface Delivery {
  mailbox: string;
  /** Delivery time (seconds in the file name and the mtime). */
  at: Date;
  /** Unique part of the file name; made from the time when absent. */
  unique?: string;
  folder?: 'new' | 'cur';
  /** Maildir flags after `:2,` (cur only). */
  flags?: string;
}

let counter = 0;

/** Writes a message into `<mail>/<mailbox>/<folder>/` as an MTA would; returns the unique name. */
export async function deliver(layout: DataLayout, message: Buffer | string, d: Delivery): Promise<string> {
  const box = join(layout.mail, d.mailbox);
  await Promise.all(['tmp', 'new', 'cur'].map((f) => mkdir(join(box, f), { recursive: true })));
  const seconds = Math.floor(d.at.getTime() / 1000);
  const unique = d.unique ?? `${seconds}.M${++counter}P${process.pid}.sensor.lab`;
  const folder = d.folder ?? 'new';
  const name = folder === 'cur' ? `${unique}:2,${d.flags ?? ''}` : unique;
  const path = join(box, folder, name);
  await writeFile(path, message);
  await utimes(path, d.at, d.at);
  return unique;
}
