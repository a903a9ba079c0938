/** @module The built CLI (dist/cli.js) run as a child process, as the appliance runs it. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

const children = new Set<ChildProcess>();

/** The environment without anything that would point the CLI at another config, data directory or smarthost. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['UPTIME_CONFIG', 'UPTIME_DATA_DIR', 'SMTP_SERVER', 'SMTP_PORT', 'SMTP_USERNAME', 'SMTP_PASSWORD', 'BURNER_EMAIL_ADDRESS', 'BURNER_EMAIL_PASSWORD', 'INIT_CWD']) {
    delete env[key];
  }
  return { ...env, ...extra };
}

/** A new working directory holding `uptime.config.yaml` with `yaml`. */
export async function workDir(yaml: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mta-cli-'));
  await writeFile(join(dir, 'uptime.config.yaml'), yaml);
  return dir;
}

/** A running `uptime-mta` child. */
export interface MtaProcess {
  child: ChildProcess;
  /** The port from the "listening on" line. */
  listening: Promise<number>;
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
}

/** Starts `node dist/cli.js --data-dir data ...args` in `cwd`. */
export function launch(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = cleanEnv()): MtaProcess {
  const child = spawn(process.execPath, [CLI, '--data-dir', 'data', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const match = /mta: listening on [\d.]+:(\d+), delivering to (.*)\n/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  listening.catch(() => undefined); // a launch that is expected to fail never listens
  return { child, listening, exited, output: () => ({ stdout, stderr }) };
}

/** Runs a CLI command to completion: `node dist/cli.js --data-dir data ...args`. */
export function runCli(cwd: string, args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, '--data-dir', 'data', ...args], { cwd, env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** SIGKILLs every child still running. */
export function killAll(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
}
