/** @module Our MTA (the built apps/mta CLI) as a child process in a temp dir, and what it delivered. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataLayout, type DataLayout } from '@uptime/config';

const MTA_CLI = fileURLToPath(new URL('../../../mta/dist/cli.js', import.meta.url));

/** The environment without anything that would point the MTA at another config, data directory or smarthost. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['UPTIME_CONFIG', 'UPTIME_DATA_DIR', 'SMTP_SERVER', 'SMTP_PORT', 'SMTP_USERNAME', 'SMTP_PASSWORD', 'BURNER_EMAIL_ADDRESS', 'BURNER_EMAIL_PASSWORD', 'INIT_CWD']) {
    delete env[key];
  }
  return env;
}

/** A port free on loopback now (taken and released). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A temp dir with `uptime.config.yaml` (the MTA on `port`) and its data directory. */
export async function lab(port: number): Promise<{ dir: string; layout: DataLayout }> {
  const dir = await mkdtemp(join(tmpdir(), 'monitor-alerts-'));
  await writeFile(join(dir, 'uptime.config.yaml'), `mta:\n  listen: "127.0.0.1:${port}"\n`);
  const layout = dataLayout(join(dir, 'data'));
  await mkdir(layout.root, { recursive: true });
  return { dir, layout };
}

/** Starts the MTA of `dir` and resolves once it listens; `cleanups` gets its stop (SIGTERM, then SIGKILL). */
export async function startMta(dir: string, cleanups: Array<() => Promise<void> | void>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [MTA_CLI, '--config', join(dir, 'uptime.config.yaml'), '--data-dir', join(dir, 'data')], {
    cwd: dir,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (/mta: listening on /.test(stdout)) resolve();
    });
    void exited.then(() => reject(new Error(`the MTA exited: ${stderr}`)));
  });
  return child;
}

/** The event ids of the messages in the admin's Maildir, in the order of delivery (`<seconds>.M<micros>P...` names). */
export async function delivered(layout: DataLayout): Promise<string[]> {
  const dir = join(layout.mail, 'admin', 'new');
  const when = (name: string) => {
    const [, seconds = '0', micros = '0'] = /^(\d+)\.M(\d+)P/.exec(name) ?? [];
    return Number(seconds) * 1e6 + Number(micros);
  };
  const names = (await readdir(dir).catch(() => [] as string[])).sort((a, b) => when(a) - when(b));
  const ids: string[] = [];
  for (const name of names) ids.push(/X-Uptime-Event-Id: (.*)/.exec(await readFile(join(dir, name), 'utf8'))?.[1]?.trim() ?? '?');
  return ids;
}

