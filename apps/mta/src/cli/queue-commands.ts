/** @module `uptime-mta queue list|flush|delete`, like Postfix's postqueue -p / -f and postsuper -d. */
import { loadConfigOrExit, type ConfigFlags } from '@uptime/config';
import { openEventWriter } from '@uptime/events';
import { MtaError } from '../errors.js';
import { openQueue } from '../queue/open-queue.js';
import { readQueueEntries, type QueueEntry } from '../queue/queue-entries.js';
import { Spool } from '../spool/spool.js';
import { lockHolder } from '../spool/spool-lock.js';
import { consoleLog as log, fail, userCwd } from './console-log.js';
import { credentialsFor } from './credentials.js';
import { FLUSH_SIGNAL } from './start-command.js';

const localTime = (iso: string) => new Date(iso).toLocaleString('sv-SE').slice(0, 19);

/** The listing in postqueue -p's spirit: one block per message, recipients indented. */
export function formatQueue(entries: readonly QueueEntry[]): string {
  if (entries.length === 0) return 'Mail queue is empty\n';
  const lines = ['-Queue ID-          --Size-- ----Arrival Time---- -Sender/Recipient-------'];
  for (const e of entries) {
    const status = e.nextAttemptAt ? `deferred, ${e.attempts} attempt(s), next ${localTime(e.nextAttemptAt)}` : 'active';
    lines.push(`${e.id.padEnd(19)} ${String(e.size).padStart(8)} ${localTime(e.receivedAt)}  ${e.sender || 'MAILER-DAEMON'}  (${status})`);
    for (const r of e.pending) {
      if (r.lastError) lines.push(`${' '.repeat(29)}(${r.lastError})`);
      lines.push(`${' '.repeat(49)}${r.address}`);
    }
    lines.push('');
  }
  const kbytes = Math.ceil(entries.reduce((sum, e) => sum + e.size, 0) / 1024);
  lines.push(`-- ${kbytes} Kbytes in ${entries.length} Request${entries.length === 1 ? '' : 's'}.`);
  return `${lines.join('\n')}\n`;
}

/** `queue list [--json]` */
export async function listCommand(flags: ConfigFlags & { json?: boolean }): Promise<void> {
  const { layout } = loadConfigOrExit(flags, 'mta');
  const entries = await readQueueEntries(new Spool(layout.spool)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  process.stdout.write(flags.json ? `${JSON.stringify({ messages: entries }, null, 2)}\n` : formatQueue(entries));
}

/** `queue flush`: signals a running MTA, or delivers what it can itself when none runs. */
export async function flushCommand(flags: ConfigFlags): Promise<void> {
  const loaded = loadConfigOrExit(flags, 'mta');
  const { layout } = loaded;
  const holder = await lockHolder(layout.spool);
  if (holder?.role === 'mta') {
    process.kill(holder.pid, FLUSH_SIGNAL);
    log.info(`mta: asked the running MTA (pid ${holder.pid}) to retry every deferred message now`);
    return;
  }
  const smarthostCredentials = await credentialsFor(loaded);
  const events = await openEventWriter({ dir: layout.events, role: 'mta-flush', onError: (err) => log.warn(`mta: event log: ${err.message}`) });
  try {
    const open = await openQueue({ config: loaded.config, layout, events, log, smarthostCredentials, cwd: userCwd(), role: 'flush' });
    try {
      const count = await open.queue.recover();
      open.queue.flush();
      await open.queue.idle();
      const { delivered, deferred, bounced } = open.queue.totals;
      log.info(`mta: no MTA running; tried ${count} queued message(s) here: ${delivered} delivered, ${deferred} deferred, ${bounced} bounced (recipients)`);
    } finally {
      await open.queue.close(0);
      await open.unlock();
    }
  } catch (err) {
    if (err instanceof MtaError) fail(err.message);
    throw err;
  } finally {
    await events.close();
  }
}

/** `queue delete ID... | ALL` */
export async function deleteCommand(ids: string[], flags: ConfigFlags): Promise<void> {
  const { layout } = loadConfigOrExit(flags, 'mta');
  const spool = new Spool(layout.spool);
  const wanted = ids.some((id) => id.toUpperCase() === 'ALL') ? await spool.list().catch(() => []) : ids;
  let missing = 0;
  for (const id of wanted) {
    if (await spool.remove(id)) log.info(`mta: ${id}: removed from the queue`);
    else {
      missing += 1;
      log.warn(`mta: ${id}: no such message in the queue (see \`uptime-mta queue list\`)`);
    }
  }
  if (ids.some((id) => id.toUpperCase() === 'ALL')) log.info(`mta: ${wanted.length} message(s) removed`);
  if (missing > 0) process.exitCode = 1;
}
