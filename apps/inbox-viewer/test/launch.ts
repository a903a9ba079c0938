/** @module Test helper: runs the built viewer CLI in a temp working directory with its own config. */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI; `pnpm build` makes it. */
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const children: ChildProcess[] = [];
const dirs: string[] = [];

/** A temp working directory whose uptime.config.yaml sets viewer.listen (plus any `extra` YAML). */
export async function workDir(listen: string, extra = ''): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'viewer-cli-'));
  dirs.push(dir);
  await writeFile(join(dir, 'uptime.config.yaml'), `viewer:\n  listen: "${listen}"\n${extra}`);
  return dir;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The built MTA CLI (`pnpm --filter @uptime/mta build` makes it). */
export const MTA_CLI = fileURLToPath(new URL('../../mta/dist/cli.js', import.meta.url));

/** Starts the MTA on the working directory's config and data; resolves once it listens. */
export function launchMta(cwd: string): Promise<void> {
  const child = spawn(process.execPath, [MTA_CLI, '--config', 'uptime.config.yaml', '--data-dir', 'data'], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      output += c.toString();
      if (/mta: listening on /.test(output)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the MTA exited ${code}: ${output}`)));
  });
}

/** The environment without anything that would point the CLI at another config or data directory. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['UPTIME_CONFIG', 'UPTIME_DATA_DIR']) delete env[key];
  return env;
}

/** Starts the viewer on `--data-dir data`; `listening` resolves with its URL. */
export function launch(cwd: string) {
  const child = spawn(process.execPath, [CLI, '--data-dir', 'data'], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const match = /viewer: listening on (http:\/\/127\.0\.0\.1:\d+)[ \n]/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`viewer exited ${code}: ${stderr}`)));
  });
  listening.catch(() => undefined); // a launch that is expected to fail never listens
  return { child, listening, exited, output: () => ({ stdout, stderr }) };
}

/** Kills every viewer a test left running and removes the working directories. */
export function killAll(): void {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
