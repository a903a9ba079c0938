/** @module A built CLI run as a child process inside a test's network namespace, with its output kept. */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Netns } from './netns.js';
import { waitFor } from './wait-for.js';

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

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A command that runs node, e.g. setpriv with its options. */
  prefix?: string[];
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
export function startInNetns(ns: Netns, script: string, args: string[], options: StartOptions = {}): Child {
  const [command, ...rest] = ns.wrap([...(options.prefix ?? []), process.execPath, script, ...args]);
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
