import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { killAll, launch, runCli, workDir } from './helpers/mta-process.js';
import { waitFor } from './helpers/peers.js';

afterEach(killAll);

/** The Message-IDs of every message in data/mail/admin/new, with how often each occurs. */
async function deliveredIds(cwd: string): Promise<Map<string, number>> {
  const dir = join(cwd, 'data', 'mail', 'admin', 'new');
  const counts = new Map<string, number>();
  if (!existsSync(dir)) return counts;
  for (const name of await readdir(dir)) {
    const text = await readFile(join(dir, name), 'utf8').catch(() => '');
    const id = /^Message-ID: (<[^>]+>)/im.exec(text)?.[1];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Ten clients sending as fast as they can until `stop()`; returns the Message-IDs answered 250. */
function burst(port: number) {
  const acked: string[] = [];
  let stopped = false;
  let n = 0;
  const clients = Array.from({ length: 10 }, async (_, c) => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: false });
    while (!stopped) {
      const messageId = `<crash-${c}-${(n += 1)}@test>`;
      try {
        await transport.sendMail({ from: 'load@localhost', to: 'admin@localhost', subject: `burst ${messageId}`, text: 'x'.repeat(1500), messageId });
        acked.push(messageId);
      } catch {
        return; // the server is gone
      }
    }
  });
  return {
    acked,
    async stop() {
      stopped = true;
      await Promise.all(clients);
    },
  };
}

describe('durability', () => {
  it('delivers every message answered 250 after a SIGKILL during a burst and a restart', async () => {
    const cwd = await workDir('mta:\n  listen: "127.0.0.1:0"\n');
    const acked: string[] = [];
    let queuedAtKill = 0;
    for (let round = 0; round < 2; round += 1) {
      const mta = launch(cwd);
      const port = await mta.listening;
      const load = burst(port);
      await waitFor(() => load.acked.length >= 200, '200 acknowledged messages');
      mta.child.kill('SIGKILL');
      await mta.exited;
      await load.stop();
      acked.push(...load.acked);
      queuedAtKill += (await readdir(join(cwd, 'data', 'spool', 'queue'))).length;
    }
    console.log(`durability: ${acked.length} acknowledged, ${queuedAtKill} still queued at the kills`);

    const mta = launch(cwd);
    await mta.listening;
    const delivered = await waitFor(async () => {
      const ids = await deliveredIds(cwd);
      return acked.every((id) => ids.has(id)) && ids;
    }, 'every acknowledged message in the Maildir', 60_000);
    expect(acked.filter((id) => !delivered.has(id))).toEqual([]);
    await waitFor(async () => (await readdir(join(cwd, 'data', 'spool', 'queue'))).length === 0, 'the queue to empty');
    expect((await runCli(cwd, ['queue', 'list'])).stdout).toBe('Mail queue is empty\n');
    mta.child.kill('SIGTERM');
    expect(await mta.exited).toBe(0);
  });
});
