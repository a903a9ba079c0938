import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { createServer, connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { readEvents } from '@uptime/events';
import { killAll, launch, runCli, workDir } from './helpers/mta-process.js';
import { waitFor } from './helpers/peers.js';

afterEach(killAll);

describe('uptime-mta', () => {
  it('prints help for the MTA and its subcommands', async () => {
    const cwd = await workDir('');
    const help = await runCli(cwd, ['--help']);
    expect(help.stdout).toContain('--config <file>');
    expect(help.stdout).toContain('--data-dir <dir>');
    expect(help.stdout).toMatch(/queue\s+the mail queue/);
    expect((await runCli(cwd, ['queue', '--help'])).stdout).toMatch(/list[\s\S]*flush[\s\S]*delete/);
  });

  it('delivers, records the event, registers itself and stops cleanly on SIGTERM', async () => {
    const cwd = await workDir('mta:\n  listen: "127.0.0.1:0"\n');
    const mta = launch(cwd);
    const port = await mta.listening;
    expect(mta.output().stdout).toContain(`delivering to ${join(cwd, 'data', 'mail')}`);
    await waitFor(() => /STARTTLS certificate .*mta-tls\.crt \(self-signed, made now\)/.test(mta.output().stdout), 'the TLS line');
    expect(existsSync(join(cwd, 'data', 'run', 'mta.json'))).toBe(true);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'uptime@localhost', to: 'admin@localhost', subject: 'cli', text: 'x', messageId: '<cli-1@sensor.lab>' });
    await waitFor(async () => existsSync(join(cwd, 'data', 'mail', 'admin', 'new')) && (await readdir(join(cwd, 'data', 'mail', 'admin', 'new'))).length === 1, 'delivery');
    const events = await waitFor(() => readEvents(join(cwd, 'data', 'events'), { code: 'MAIL_DELIVERED' }).then((e) => e.length && e), 'the event');
    expect(events).toEqual([expect.objectContaining({ messageId: '<cli-1@sensor.lab>', recipient: 'admin@localhost' })]);

    const idle = connect(port, '127.0.0.1'); // a session still open when the signal comes
    await new Promise((resolve) => idle.once('data', resolve));
    mta.child.kill('SIGTERM');
    expect(await mta.exited).toBe(0);
    idle.destroy();
    expect(existsSync(join(cwd, 'data', 'run', 'mta.json'))).toBe(false);
    expect(await readFile(join(cwd, 'data', 'spool', 'lock'), 'utf8')).toBe(''); // kept (a flock on a removed file locks nothing), the name gone
  });

  it('exits 1 naming mta.listen when the address is taken', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const mta = launch(await workDir(`mta:\n  listen: "127.0.0.1:${port}"\n`));
      expect(await mta.exited).toBe(1);
      expect(mta.output().stderr).toBe(
        `mta: cannot listen on 127.0.0.1:${port} (mta.listen): the address is already in use; stop the program that holds it or set another mta.listen\n`,
      );
    } finally {
      holder.close();
    }
  });

  it('refuses to start a second MTA on the same spool', async () => {
    const cwd = await workDir('mta:\n  listen: "127.0.0.1:0"\n');
    const first = launch(cwd);
    await first.listening;
    const second = launch(cwd);
    expect(await second.exited).toBe(1);
    expect(second.output().stderr).toMatch(/^mta: the spool .*spool is in use by a running MTA \(pid \d+\); stop it first\n$/);
  });

  it('fails without a terminal when the smarthost needs a login, naming the variables', async () => {
    const cwd = await workDir('mta:\n  listen: "127.0.0.1:0"\n  relay: { mode: smarthost, smarthost: { host: 127.0.0.1, port: 2 } }\n');
    const mta = launch(cwd);
    expect(await mta.exited).toBe(1);
    expect(mta.output().stderr).toBe(
      'mta: the smarthost 127.0.0.1:2 needs a login: set SMTP_USERNAME and SMTP_PASSWORD (or BURNER_EMAIL_ADDRESS and BURNER_EMAIL_PASSWORD) in the environment or .env, or start on a terminal to be asked\n',
    );
  });
});
