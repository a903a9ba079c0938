import { afterEach, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { readEvents } from '@uptime/events';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = promisify(execFile);
const children: ChildProcess[] = [];

/** The environment without anything that would point the CLI at another config or data directory. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['UPTIME_CONFIG', 'UPTIME_DATA_DIR', 'SMTP_SERVER', 'SMTP_PORT']) delete env[key];
  return env;
}

async function workDir(listen: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mta-cli-'));
  await writeFile(join(dir, 'uptime.config.yaml'), `mta:\n  listen: "${listen}"\n`);
  return dir;
}

function launch(cwd: string) {
  const child = spawn(process.execPath, [CLI, '--data-dir', 'data'], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const match = /mta: listening on 127\.0\.0\.1:(\d+), delivering to (.*)\n/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  listening.catch(() => undefined); // a launch that is expected to fail never listens
  return { child, listening, exited, output: () => ({ stdout, stderr }) };
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('uptime-mta', () => {
  it('prints help', async () => {
    const { stdout } = await run(process.execPath, [CLI, '--help']);
    expect(stdout).toContain('--config <file>');
    expect(stdout).toContain('--data-dir <dir>');
  });

  it('delivers, records the event, registers itself and stops cleanly on SIGTERM', async () => {
    const cwd = await workDir('127.0.0.1:0');
    const mta = launch(cwd);
    const port = await mta.listening;
    expect(mta.output().stdout).toContain(`delivering to ${join(cwd, 'data', 'mail')}`);
    expect(existsSync(join(cwd, 'data', 'run', 'mta.json'))).toBe(true);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'uptime@localhost', to: 'admin@localhost', subject: 'cli', text: 'x', messageId: '<cli-1@sensor.lab>' });
    expect(await readdir(join(cwd, 'data', 'mail', 'admin', 'new'))).toHaveLength(1);
    const events = await readEvents(join(cwd, 'data', 'events'), { code: 'MAIL_DELIVERED' });
    expect(events).toEqual([expect.objectContaining({ messageId: '<cli-1@sensor.lab>', recipient: 'admin@localhost' })]);

    const idle = connect(port, '127.0.0.1'); // a session still open when the signal comes
    await new Promise((resolve) => idle.once('data', resolve));
    mta.child.kill('SIGTERM');
    expect(await mta.exited).toBe(0);
    idle.destroy();
    expect(existsSync(join(cwd, 'data', 'run', 'mta.json'))).toBe(false);
  });

  it('exits 1 naming mta.listen when the address is taken', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const mta = launch(await workDir(`127.0.0.1:${port}`));
      expect(await mta.exited).toBe(1);
      expect(mta.output().stderr).toBe(
        `mta: cannot listen on 127.0.0.1:${port} (mta.listen): the address is already in use; stop the program that holds it or set another mta.listen\n`,
      );
    } finally {
      holder.close();
    }
  });
});
