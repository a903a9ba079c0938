/** @module Shared pieces of the monitor benchmarks: a network namespace of our own, process CPU and memory, tables. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const MONITOR_CLI = join(ROOT, 'apps/monitor/dist/cli.js');
export const MTA_CLI = join(ROOT, 'apps/mta/dist/cli.js');
export const APPLIANCE_CLI = join(ROOT, 'apps/appliance/dist/cli.js');
export const EVENTS_LIB = join(ROOT, 'packages/events/dist/index.js');
export const VIEWER_CLI = join(ROOT, 'apps/inbox-viewer/dist/cli.js');
const { monitorNodeFlags } = await import(join(ROOT, 'packages/config/dist/index.js'));
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

const cleanups = [];
let cleaned = false;
/** Runs the registered clean-ups once (namespace, children, temp dirs), also on Ctrl-C or an error. */
export function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const fn of cleanups.reverse()) {
    try {
      fn();
    } catch {
      /* keep cleaning */
    }
  }
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

/** Refuses to run without root and the tools, with a line that says why. */
export function requireLab(tools = []) {
  if (process.getuid?.() !== 0) {
    console.error('this benchmark needs root (ip netns add, raw ICMP sockets)');
    process.exit(2);
  }
  for (const tool of ['ip', ...tools]) {
    try {
      execFileSync(tool, tool === 'fping' ? ['-v'] : ['-V'], { stdio: 'ignore' });
    } catch {
      console.error(`this benchmark needs ${tool}`);
      process.exit(2);
    }
  }
}

/**
 * The monitor's command line (after `node`) as the appliance runs it: the Node.js flags for its target
 * count from the one place the appliance takes them (monitorNodeFlags), any `nodeArgs` of the
 * benchmark's own (a profiler), then its CLI and `args`.
 */
export function monitorCommand(targets, args, nodeArgs = []) {
  return [...monitorNodeFlags(targets), ...nodeArgs, MONITOR_CLI, ...args];
}

/** A temp directory removed at the end (unless --keep). */
export function tempDir(label) {
  const dir = mkdtempSync(join(tmpdir(), `uptime-bench-${label}-`));
  if (process.argv.includes('--keep')) console.log(`keeping ${dir}`);
  else cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `count` distinct target addresses on loopback: 127.1.0.1, 127.1.0.2, ... (250 per /24). */
export function targetAddresses(count, base = 1) {
  return Array.from({ length: count }, (_, i) => `127.${base}.${Math.floor(i / 250)}.${(i % 250) + 1}`);
}

/** A namespace whose loopback holds only 127.0.0.1/32 and the addresses we add; deleted at exit. */
export class Netns {
  constructor() {
    this.name = `uptime-bench-${process.pid}`;
    execFileSync('ip', ['netns', 'add', this.name]);
    cleanups.push(() => execFileSync('ip', ['netns', 'del', this.name], { stdio: 'ignore' }));
    this.exec('ip', 'link', 'set', 'lo', 'up');
    this.exec('ip', 'addr', 'del', '127.0.0.1/8', 'dev', 'lo');
    this.exec('ip', 'addr', 'add', '127.0.0.1/32', 'dev', 'lo');
  }

  exec(...args) {
    return execFileSync('ip', ['netns', 'exec', this.name, ...args], { encoding: 'utf8' });
  }

  /** Adds or deletes many /32 addresses on lo in one `ip -batch`. */
  addresses(verb, addresses) {
    const file = join(tmpdir(), `${this.name}-${verb}.batch`);
    writeFileSync(file, addresses.map((a) => `addr ${verb} ${a}/32 dev lo\n`).join(''));
    try {
      this.exec('ip', '-batch', file);
    } finally {
      rmSync(file, { force: true });
    }
  }

  /** Starts a command inside the namespace (ip netns exec execs it, so the pid is the command's). */
  spawn(command, args, options = {}) {
    const child = spawn('ip', ['netns', 'exec', this.name, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    return child;
  }
}

/** CPU seconds (user+system) of a live process, and of its waited-for children. */
export function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]) / TICKS);
  return { self: utime + stime, user: utime, system: stime, children: cutime + cstime };
}

/** Resident memory of a live process in MB: now and the peak. */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `probe` is truthy; rejects naming `what` after `timeoutMs`. */
export async function waitFor(what, probe, timeoutMs = 30_000, everyMs = 20) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The q-quantile (0..1) of numbers, nearest rank. */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.min(s.length - 1, Math.ceil(q * s.length) - 1))];
}

/** Waits for a child to exit after a signal; kills it after `ms`. */
export async function stopChild(child, signal = 'SIGTERM', ms = 20_000) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise((r) => child.once('exit', (code) => r(code)));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** Collects a child's output (kept to the last `keep` characters) and counts its lines. */
export function watchOutput(child, keep = 20_000) {
  const out = { text: '', lines: 0 };
  const take = (d) => {
    const s = d.toString();
    for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) out.lines += 1;
    out.text = (out.text + s).slice(-keep);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return out;
}

/** Prints rows as an aligned table: the first row is the header. */
export function printTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/** The value of `--name N` on the command line, or `fallback`. */
export function numberFlag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? NaN : Number(process.argv[i + 1]);
  return Number.isFinite(value) ? value : fallback;
}

/** A monitor config of ICMP targets as JSON (YAML accepts it); one email per change unless `groupWait` (ms) says otherwise. */
export function writeConfig(dir, { addresses, interval, timeout, mtaPort = 2525, viewerPort = 8025, extra = {}, targets, groupWait = 0 }) {
  const config = {
    monitor: { interval, timeout, failureThreshold: 1, successThreshold: 1, targets: targets ?? addresses.map((host, i) => ({ name: `t${i}`, host })) },
    alerts: { to: ['admin@localhost'], from: 'uptime@localhost', groupWait },
    mta: { listen: `127.0.0.1:${mtaPort}`, hostname: 'sensor.lab', localDomains: ['localhost'] },
    viewer: { listen: `127.0.0.1:${viewerPort}` },
    ...extra,
  };
  const file = join(dir, 'uptime.config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Starts the MTA, then the monitor, inside `ns` with `config`; resolves once the MTA listens and the monitor checks. */
export async function startMtaAndMonitor(ns, config, dataDir, monitorArgs = []) {
  const mta = ns.spawn(process.execPath, [MTA_CLI, '--config', config, '--data-dir', dataDir]);
  const mtaOut = watchOutput(mta);
  await waitFor('the MTA to listen', () => {
    if (mta.exitCode !== null) throw new Error(`the MTA exited:\n${mtaOut.text}`);
    return mtaOut.text.includes('listening on');
  });
  const targets = JSON.parse(readFileSync(config, 'utf8')).monitor.targets.length;
  const monitor = ns.spawn(process.execPath, monitorCommand(targets, ['--config', config, '--data-dir', dataDir, ...monitorArgs]));
  const monitorOut = watchOutput(monitor);
  await waitFor('the first checks', () => {
    if (monitor.exitCode !== null) throw new Error(`the monitor exited:\n${monitorOut.text}`);
    return monitorOut.text.includes('Network Active');
  });
  return { mta, mtaOut, monitor, monitorOut };
}

/** A free TCP port on 127.0.0.1 (of the machine's own loopback, outside any namespace). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts the viewer on the machine's loopback (not in the namespace: it only reads the data directory) with
 * `config`, whose viewer.listen names a free port; resolves with its base URL once it listens.
 */
export async function startViewer(config, dataDir) {
  const viewer = spawn(process.execPath, [VIEWER_CLI, '--config', config, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => {
    if (viewer.exitCode === null && viewer.signalCode === null) viewer.kill('SIGKILL');
  });
  const out = watchOutput(viewer);
  const url = await waitFor('the viewer to listen', () => {
    if (viewer.exitCode !== null) throw new Error(`the viewer exited:\n${out.text}`);
    return /listening on (http:\/\/\S+)/.exec(out.text)?.[1];
  });
  return { viewer, url };
}

/** The statuses of GET /api/status by target name. */
export async function apiStatuses(url) {
  const answer = await fetch(`${url}/api/status`);
  if (!answer.ok) throw new Error(`GET /api/status: ${answer.status}`);
  return new Map((await answer.json()).targets.map((t) => [t.name, t.status]));
}

/** Alert emails in a Maildir folder: `seen(subject)` gives when each first appeared (Date.now() ms), watched with inotify and polled. */
export function watchMaildir(dir) {
  const arrived = new Map(); // file -> { at, subject }
  const subjects = [];
  const scan = () => {
    let names = [];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    const now = Date.now();
    for (const name of names) {
      if (arrived.has(name)) continue;
      let text = '';
      try {
        text = readFileSync(join(dir, name), 'utf8');
      } catch {
        continue;
      }
      const subject = /^Subject: (.*)$/m.exec(text)?.[1]?.trim() ?? '';
      arrived.set(name, { at: now, subject });
      subjects.push({ at: now, subject, file: name, text });
    }
  };
  let watcher;
  const startWatch = () => {
    try {
      watcher = watch(dir, () => scan());
    } catch {
      setTimeout(startWatch, 50).unref();
    }
  };
  startWatch();
  const poll = setInterval(scan, 20);
  cleanups.push(() => {
    clearInterval(poll);
    watcher?.close();
  });
  return {
    scan,
    /** Every message so far, in order of arrival. */
    messages: () => (scan(), subjects),
    stop() {
      clearInterval(poll);
      watcher?.close();
    },
  };
}
