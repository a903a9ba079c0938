/** @module A built CLI run as a child process inside a test's network namespace, with its output kept. */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor, type Netns } from '@uptime/test-lab';

/** The built entry points of the parts and of the appliance. */
export const CLIS = {
  appliance: resolve(import.meta.dirname, '../../dist/cli.js'),
  mta: resolve(import.meta.dirname, '../../../mta/dist/cli.js'),
  viewer: resolve(import.meta.dirname, '../../../inbox-viewer/dist/cli.js'),
} as const;

/** A running child: its output so far, its exit, and a stop that waits for it. */
export interface Child {
  process: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** Waits until the output matches `pattern`. */
  waitForOutput(pattern: RegExp, what: string, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Sends `signal` (SIGTERM by default) and resolves with the exit code; SIGKILL after `hangMs`. */
  stop(signal?: NodeJS.Signals, hangMs?: number): Promise<number | null>;
}

/** The environment without anything that would point a CLI at another config, data directory or smarthost. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['UPTIME_CONFIG', 'UPTIME_DATA_DIR', 'SMTP_SERVER', 'SMTP_PORT', 'SMTP_USERNAME', 'SMTP_PASSWORD', 'BURNER_EMAIL_ADDRESS', 'BURNER_EMAIL_PASSWORD', 'NOTIFICATION_EMAIL', 'CHECK_INTERVAL', 'INIT_CWD']) {
    delete env[key];
  }
  return { ...env, ...extra };
}

/** Starts `node <script> ...args` inside `ns` (ip netns exec runs node itself, so signals reach it). */
export function startInNetns(ns: Netns, script: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Child {
  const [command, ...rest] = ns.wrap([process.execPath, script, ...args]);
  const child = spawn(command as string, rest, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    process: child,
    output: () => text,
    exited,
    waitForOutput: (pattern, what, timeoutMs = 30_000) => waitFor(what, () => pattern.exec(text) ?? undefined, timeoutMs),
    async stop(signal = 'SIGTERM', hangMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const hang = setTimeout(() => child.kill('SIGKILL'), hangMs);
      const code = await exited;
      clearTimeout(hang);
      return code;
    },
  };
}
