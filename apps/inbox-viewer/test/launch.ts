/** @module Test helper: runs the built viewer CLI in a temp working directory with its own config. */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI; `pnpm build` makes it. */
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const children: ChildProcess[] = [];
const dirs: string[] = [];

/** A temp working directory whose uptime.config.yaml sets viewer.listen. */
export async function workDir(listen: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'viewer-cli-'));
  dirs.push(dir);
  await writeFile(join(dir, 'uptime.config.yaml'), `viewer:\n  listen: "${listen}"\n`);
  return dir;
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
      const match = /viewer: listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
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
