/** @module For the package tests: a throwaway copy of this host (throwaway-root.sh) to install packages into. */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { waitFor } from '../../packages/test-lab/dist/index.js';

const script = resolve(import.meta.dirname, 'throwaway-root.sh');
/** The PATH inside: the system's directories only (Node.js, npm and pnpm were deleted from them). */
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The cgroup (v1, name=systemd) hierarchy that systemd as PID 1 of a namespace runs in, as on this machine. */
const SYSTEMD_CGROUPS = '/sys/fs/cgroup/systemd';

/** Why systemd cannot be PID 1 of a throwaway host here, or undefined when it can. */
export function systemdUnavailable(): string | undefined {
  if (!existsSync('/lib/systemd/systemd')) return 'needs systemd (Debian package systemd)';
  if (!existsSync(`${SYSTEMD_CGROUPS}/cgroup.procs`)) return `needs the name=systemd cgroup hierarchy at ${SYSTEMD_CGROUPS} (this machine's kind has it)`;
  return undefined;
}

/** Why the throwaway host cannot be made here, or undefined when it can. */
export function throwawayUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (mount and network namespaces, dpkg, a system user)';
  for (const tool of ['unshare', 'nsenter', 'setpriv', 'ip', 'dpkg-deb', 'dpkg-shlibdeps']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `needs ${tool} (scripts/install-test-deps.sh installs it)`;
  }
  return undefined;
}

/** A mount, network and PID namespace whose /etc, /opt, /usr and /var are overlays that vanish with it. */
export class ThrowawayHost {
  private constructor(
    private readonly holder: ChildProcess,
    /** The namespace's first process, as the host sees it. */
    readonly pid: number,
    private readonly cgroup?: string,
  ) {}

  /** Makes the namespace and waits until it is ready; with `systemd`, systemd is its PID 1 and has booted. */
  static async start(options: { systemd?: boolean } = {}): Promise<ThrowawayHost> {
    const cgroup = options.systemd ? `${SYSTEMD_CGROUPS}/uptime-package-${process.pid}` : undefined;
    if (cgroup) mkdirSync(cgroup, { recursive: true });
    const unshare = `exec unshare ${cgroup ? '--cgroup ' : ''}--mount --net --pid --fork --kill-child bash "$0" ${cgroup ? '--systemd' : ''}`;
    const holder = spawn('bash', ['-c', `${cgroup ? `echo $$ > ${cgroup}/cgroup.procs && ` : ''}${unshare}`, script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    holder.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await waitFor('the throwaway host to be ready', () => out.includes('ready') || holder.exitCode !== null, 60_000);
    if (holder.exitCode !== null) throw new Error(`throwaway-root.sh failed (exit ${holder.exitCode})`);
    const children = readFileSync(`/proc/${holder.pid}/task/${holder.pid}/children`, 'utf8').trim().split(/\s+/);
    const host = new ThrowawayHost(holder, Number(children[0]), cgroup);
    if (cgroup) {
      await waitFor('systemd to boot in the throwaway host', () => /^(running|degraded)$/m.test(host.sh('systemctl is-system-running').stdout), 60_000, 200);
      // systemd gave loopback 127.0.0.1/8 back at boot: again only 127.0.0.1 answers
      host.sh('ip addr del 127.0.0.1/8 dev lo 2>/dev/null; ip addr replace 127.0.0.1/32 dev lo');
    }
    return host;
  }

  /** Runs a shell script inside, as root, with the system PATH and nothing of this process's environment. */
  sh(scriptText: string, input?: string): SpawnSyncReturns<string> {
    return spawnSync('nsenter', [...this.enter(), 'env', '-i', `PATH=${SYSTEM_PATH}`, 'LANG=C.UTF-8', 'bash', '-c', scriptText], {
      encoding: 'utf8',
      input,
      // stdin not a socket, or bash reads root's .bashrc as if started by a remote shell
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: 300_000,
    });
  }

  /** Starts a long-running command inside, in `cwd` there; it dies with the namespace at the latest. */
  spawn(argv: string[], cwd = '/'): ChildProcess {
    return spawn('nsenter', [...this.enter(), 'sh', '-c', 'cd "$0" && exec "$@"', cwd, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** A path inside, as seen from the host. */
  path(inside: string): string {
    return `/proc/${this.pid}/root${inside}`;
  }

  /** The executables of every process inside (as their own mount namespace names them). */
  executables(): string[] {
    const ns = readlinkSync(`/proc/${this.pid}/ns/pid`);
    const found: string[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readlinkSync(`/proc/${entry}/ns/pid`) === ns) found.push(readlinkSync(`/proc/${entry}/exe`));
      } catch {
        // the process ended while we looked
      }
    }
    return found;
  }

  /** Ends the namespace and everything in it. */
  async stop(): Promise<void> {
    if (this.holder.exitCode !== null) return;
    const exited = new Promise((r) => this.holder.once('exit', r));
    // the namespace's first process ignores every other signal from outside; unshare ends with it
    process.kill(this.pid, 'SIGKILL');
    await exited;
    if (this.cgroup) removeTree(this.cgroup);
  }

  private enter(): string[] {
    return [`--target=${this.pid}`, '--mount', '--net', '--pid', '--'];
  }
}

/** Removes a cgroup directory and the ones systemd made below it (deepest first; they hold no processes now). */
function removeTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removeTree(`${dir}/${entry.name}`);
  rmdirSync(dir);
}
