/** @module Starts the parts as child processes, in order, and stops them all together. */
import { spawn, type ChildProcess } from 'node:child_process';
import { formatListen } from '@uptime/config';
import { PART_ORDER, type PartSpec } from './parts.js';
import { pipePrefixed, prefixFor } from './prefixed-output.js';
import { waitForPort } from './wait-for-port.js';

interface Running {
  spec: PartSpec;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Set when the supervisor stops this part on purpose (a stop of all, or a restart of this one). */
  stopping: boolean;
}

export interface SupervisorOptions {
  /** Arguments given to every part (config file and data directory); a reload may change them. */
  sharedArgs: string[];
  /** Extra arguments per part (the monitor's flags). */
  extraArgs: Partial<Record<PartSpec['name'], string[]>>;
  /** Node.js flags per part, before its script (the monitor's heap size). */
  nodeArgs?: Partial<Record<PartSpec['name'], string[]>>;
  color: boolean;
  log: (line: string) => void;
}

/** Runs the parts; `run` resolves with the appliance's exit code once everything has stopped. */
export class Supervisor {
  private readonly running: Running[] = [];
  private stopping = false;
  private failed = false;
  private resolveDone?: (code: number) => void;
  private readonly done = new Promise<number>((resolve) => (this.resolveDone = resolve));
  private resolveStarted?: () => void;
  /** Resolves once `run` has started every part (or given up starting them). */
  readonly started = new Promise<void>((resolve) => (this.resolveStarted = resolve));

  constructor(private readonly options: SupervisorOptions) {}

  /** Starts every part in order; a part that dies or does not come up stops the rest. */
  async run(specs: PartSpec[]): Promise<number> {
    for (const spec of specs) {
      if (this.stopping || !(await this.startAndWait(spec))) break;
    }
    if (!this.stopping) this.options.log('all parts are running; Ctrl-C stops them, SIGHUP reloads the configuration');
    this.resolveStarted?.();
    return this.done;
  }

  /**
   * Restarts only these parts with these specs and arguments (a reload): stops them in reverse start
   * order, then starts them in start order, each once the one before it accepts connections.
   */
  async restart(specs: PartSpec[], options: Pick<SupervisorOptions, 'sharedArgs' | 'extraArgs' | 'nodeArgs'>): Promise<void> {
    Object.assign(this.options, options);
    const names = new Set(specs.map((s) => s.name));
    const parts = this.running.filter((p) => names.has(p.spec.name));
    for (const part of [...parts].reverse()) await this.stopPart(part);
    for (const part of parts) this.running.splice(this.running.indexOf(part), 1);
    for (const spec of specs) {
      if (this.stopping || !(await this.startAndWait(spec))) break;
      // kept in start order, so that a stop still ends the monitor first and the MTA last
      this.running.sort((a, b) => PART_ORDER.indexOf(a.spec.name) - PART_ORDER.indexOf(b.spec.name));
    }
  }

  /** Stops the monitor first (so its alerts reach the MTA), then the viewer, then the MTA. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const part of [...this.running].reverse()) await this.stopPart(part);
    this.resolveDone?.(this.failed ? 1 : 0);
  }

  private async stopPart(part: Running): Promise<void> {
    part.stopping = true;
    if (part.child.exitCode !== null || part.child.signalCode !== null) return;
    part.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.options.log(`${part.spec.name} did not stop within 10 s; killing it`);
      part.child.kill('SIGKILL');
    }, 10_000);
    const code = await part.exited;
    clearTimeout(timer);
    if (code !== 0) {
      this.options.log(`${part.spec.name} did not stop cleanly (${code === null ? 'killed by a signal' : `exit code ${code}`})`);
      this.failed = true;
    }
  }

  /** Starts a part and waits until it accepts connections (if it listens); false when it did not come up (all is being stopped). */
  private async startAndWait(spec: PartSpec): Promise<boolean> {
    const part = this.start(spec);
    if (!spec.listen) return true;
    // on a terminal a part may be asking for a login before it listens: wait for the person, not a clock
    const patience = process.stdin.isTTY ? Number.POSITIVE_INFINITY : 15_000;
    const up = await waitForPort(spec.listen, patience, () => this.stopping || part.child.exitCode !== null);
    if (!up && !this.stopping) {
      this.options.log(`${spec.name} is not accepting connections on ${formatListen(spec.listen)}; stopping`);
      this.failed = true;
      void this.stop();
    }
    return up;
  }

  private start(spec: PartSpec): Running {
    const args = [...(this.options.nodeArgs?.[spec.name] ?? []), spec.script, ...this.options.sharedArgs, ...(this.options.extraArgs[spec.name] ?? [])];
    const child = spawn(process.execPath, args, { stdio: ['inherit', 'pipe', 'pipe'] });
    const prefix = prefixFor(spec.name, this.options.color);
    if (child.stdout) pipePrefixed(child.stdout, process.stdout, prefix);
    if (child.stderr) pipePrefixed(child.stderr, process.stderr, prefix);
    const running: Running = { spec, child, exited: Promise.resolve(null), stopping: false };
    running.exited = new Promise<number | null>((resolve) => {
      child.on('exit', (code, signal) => {
        if (!this.stopping && !running.stopping) {
          this.options.log(`${spec.name} exited (${signal ?? `code ${code}`}); stopping the other parts`);
          this.failed = true;
          void this.stop();
        }
        resolve(code);
      });
      child.on('error', (err) => {
        this.options.log(`${spec.name} could not be started: ${err.message}`);
        resolve(null);
      });
    });
    this.running.push(running);
    return running;
  }
}
