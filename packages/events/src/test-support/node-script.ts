/** @module Runs a small ESM script in a real `node` child process that imports the built package. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** URL of the built package entry, for `import` in child scripts. */
export const DIST_INDEX = pathToFileURL(join(packageDir, 'dist', 'index.js')).href;
/** Path of the built CLI. */
export const DIST_CLI = join(packageDir, 'dist', 'cli.js');

/** Throws unless dist/ exists and is newer than every source file (children run dist, not src). */
export function assertBuilt(): void {
  const built = (() => {
    try {
      return statSync(join(packageDir, 'dist', 'index.js')).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const src = join(packageDir, 'src');
  const newest = Math.max(
    ...readdirSync(src)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => statSync(join(src, f)).mtimeMs),
  );
  if (built < newest) throw new Error('packages/events/dist is missing or stale: run pnpm --filter @uptime/events build');
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Collects a child's output and waits for it to exit. */
export function finished(child: ChildProcess): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/** Writes `source` (with `__DIST__` replaced by the dist URL) to `dir` and spawns node on it. */
export async function spawnScript(dir: string, name: string, source: string, args: string[] = []): Promise<ChildProcess> {
  const file = join(dir, name);
  await writeFile(file, source.replaceAll('__DIST__', DIST_INDEX));
  return spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs the built CLI with `args` and `env` added to this process's environment. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<RunResult> {
  return finished(spawn(process.execPath, [DIST_CLI, ...args], { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
}
