/** @module Maildir delivery: write into tmp/, fsync, rename into new/, fsync new/. */
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDir } from '@uptime/durable-fs';
import type { DirSyncer } from '../../spool/dir-syncer.js';
import { isSafeMailbox } from '../../recipient.js';
import { writeParts } from '../../write-parts.js';
import { uniqueMaildirName } from './unique-name.js';

/** Where one delivered message landed. */
export interface MaildirDelivery {
  /** The file name in new/, also the message's id. */
  id: string;
  /** Absolute path of the file in new/. */
  path: string;
}

const SUBDIRS = ['tmp', 'new', 'cur'] as const;

/** A message to deliver: one buffer, or parts written together in one writev (a header before the spooled bytes, without copying them together). */
export type MaildirData = Buffer | readonly Buffer[];

/** Creates <mailRoot>/<mailbox>/{tmp,new,cur}; fsyncs the parents of anything it created. */
export async function ensureMaildir(mailRoot: string, mailbox: string): Promise<string> {
  if (!isSafeMailbox(mailbox)) throw new Error(`"${mailbox}" is not a safe mailbox name`);
  const box = join(mailRoot, mailbox);
  let created = false;
  for (const sub of SUBDIRS) {
    if (await mkdir(join(box, sub), { recursive: true, mode: 0o700 })) created = true;
  }
  if (created) {
    for (const dir of [box, mailRoot, dirname(mailRoot)]) await fsyncDir(dir);
  }
  return box;
}

/** Delivers `data` into the mailbox durably; resolves once the message is safely in new/. */
export async function deliverToMaildir(mailRoot: string, mailbox: string, data: MaildirData, syncer?: DirSyncer): Promise<MaildirDelivery> {
  return writeIntoMaildir(await ensureMaildir(mailRoot, mailbox), data, syncer);
}

/** Like deliverToMaildir, but skips creating the folders when `known` says they exist (and creates them if they vanished). */
export async function deliverToKnownMaildir(mailRoot: string, mailbox: string, data: MaildirData, known: Set<string>, syncer?: DirSyncer): Promise<MaildirDelivery> {
  if (!isSafeMailbox(mailbox)) throw new Error(`"${mailbox}" is not a safe mailbox name`);
  if (known.has(mailbox)) {
    try {
      return await writeIntoMaildir(join(mailRoot, mailbox), data, syncer);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      known.delete(mailbox);
      syncer?.forget(join(mailRoot, mailbox, 'new')); // its kept handle is of the folder that went
    }
  }
  const delivery = await deliverToMaildir(mailRoot, mailbox, data, syncer);
  known.add(mailbox);
  return delivery;
}

async function writeIntoMaildir(box: string, data: MaildirData, syncer?: DirSyncer): Promise<MaildirDelivery> {
  const id = uniqueMaildirName();
  const tmp = join(box, 'tmp', id);
  const path = join(box, 'new', id);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    try {
      await writeParts(handle, Buffer.isBuffer(data) ? [data] : data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await (syncer ? syncer.sync(join(box, 'new')) : fsyncDir(join(box, 'new')));
  return { id, path };
}
