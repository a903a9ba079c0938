// Probe cost: 5,000 live targets (addresses on loopback in a namespace of our own) checked every 2 s
// for 60 s by the monitor (every line, log and CSV row written), by fping on the same schedule reporting
// every check and quiet, and (scaled from a smaller run) by spawning `ping` once per check from Node as
// Uptime Kuma does. Then the monitor alone with 20,000 targets every 2 s: lateness and memory.
// `--profile` adds a CPU profile of the monitor at 5,000 targets and prints where its time goes.
// Root and fping needed. After `pnpm build`:
//   node scripts/bench/monitor/probe-cost.mjs [--targets 5000] [--seconds 60] [--scale-targets 20000]
//     [--spawn-targets 500] [--spawn-seconds 20] [--profile] [--keep]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import {
  Netns, cpuOf, monitorCommand, memoryOf, numberFlag, printTable, requireLab, sleep, stopChild, targetAddresses, tempDir, waitFor,
  watchOutput, writeConfig,
} from './lab.mjs';
import { summarizeProfile } from './cpu-profile.mjs';

const TARGETS = numberFlag('targets', 5000);
const SECONDS = numberFlag('seconds', 60);
const SCALE_TARGETS = numberFlag('scale-targets', 20000);
const SPAWN_TARGETS = numberFlag('spawn-targets', 500);
const SPAWN_SECONDS = numberFlag('spawn-seconds', 20);
const PROFILE = process.argv.includes('--profile');
const INTERVAL_MS = 2000;
const SETTLE_MS = 4000; // after the first round of checks, before the measured window opens

requireLab(['fping']);
const dir = tempDir('probe-cost');
const ns = new Netns();
const allAddresses = targetAddresses(Math.max(TARGETS, SCALE_TARGETS));
const addresses = allAddresses.slice(0, TARGETS);
ns.addresses('add', allAddresses);
const targetsFile = join(dir, 'targets.txt');
writeFileSync(targetsFile, `${addresses.join('\n')}\n`);
const started = Date.now();

/** CPU seconds and checks of a process over a window of SECONDS that opens once `ready` holds. */
async function measure(child, out, ready) {
  await waitFor('the first round of checks', ready, 120_000);
  await sleep(SETTLE_MS);
  const cpu0 = cpuOf(child.pid);
  const lines0 = out.lines;
  await sleep(SECONDS * 1000);
  const cpu1 = cpuOf(child.pid);
  return { cpu: cpu1.self - cpu0.self, user: cpu1.user - cpu0.user, system: cpu1.system - cpu0.system, checks: out.lines - lines0, memory: memoryOf(child.pid) };
}

/** fping over the targets on the monitor's schedule: -i 0.25 ms between any two pings lets one round of
 * 5,000 finish in 1.25 s, so each target keeps its 2 s period; -D: a line per check; -q: none. */
async function runFping(mode) {
  const fpingArgs = ['-l', '-p', String(INTERVAL_MS), '-i', '0.25', '-t', '1000', mode, '-f', targetsFile];
  const fping = ns.spawn('fping', fpingArgs);
  const out = watchOutput(fping);
  // quiet fping prints nothing: its first round is over once its CPU time stops being zero and a round has passed
  const ready = mode === '-D' ? () => out.lines >= TARGETS : async () => (await sleep(INTERVAL_MS), true);
  const run = await measure(fping, out, ready);
  await stopChild(fping, 'SIGKILL');
  return { ...run, label: `fping ${fpingArgs.slice(0, -2).join(' ')}` };
}

/** The monitor alone over `list` (no target goes down, so no alert is sent and no MTA is needed). */
async function runMonitor(list, label, nodeArgs = []) {
  const runDir = join(dir, label);
  const config = writeConfig(dir, { addresses: list, interval: `${INTERVAL_MS}ms`, timeout: '1s' });
  const statsFile = join(dir, `${label}-stats.json`);
  const monitor = ns.spawn(process.execPath, monitorCommand(list.length, ['--config', config, '--data-dir', join(runDir, 'data'), '--stats-file', statsFile], nodeArgs));
  const out = watchOutput(monitor, 2000);
  const run = await measure(monitor, out, () => out.lines >= list.length);
  const code = await stopChild(monitor);
  if (code !== 0) throw new Error(`the monitor exited with ${code}:\n${out.text}`);
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  const log = readFileSync(join(runDir, 'data/logs/monitor.log'), 'utf8');
  const inactive = (log.match(/Network Inactive/g) ?? []).length;
  return { ...run, stats, inactive, runDir, rssMb: Math.max(run.memory.peakMb, stats.maxRssMb) };
}

const fpingRun = await runFping('-D');
const fpingQuiet = await runFping('-q');
const monitorRun = await runMonitor(addresses, 'monitor');
const scaleRun = SCALE_TARGETS > 0 ? await runMonitor(allAddresses.slice(0, SCALE_TARGETS), 'scale') : undefined;
let profile;
if (PROFILE) {
  const profileDir = join(dir, 'profile');
  await runMonitor(addresses, 'profiled', ['--cpu-prof', '--cpu-prof-dir', profileDir]);
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  profile = summarizeProfile(JSON.parse(readFileSync(join(profileDir, file), 'utf8')));
}
const stats = monitorRun.stats;

// spawning ping per check, on fewer targets for a shorter time: 5,000 spawns every 2 s would need more CPUs than there are
const spawnFile = join(dir, 'spawn-targets.txt');
writeFileSync(spawnFile, `${addresses.slice(0, SPAWN_TARGETS).join('\n')}\n`);
const spawner = ns.spawn(process.execPath, [join(import.meta.dirname, 'spawn-ping.mjs'), spawnFile, String(SPAWN_SECONDS)]);
const spawnOut = watchOutput(spawner);
const spawnCode = await new Promise((r) => spawner.once('exit', r));
if (spawnCode !== 0) throw new Error(`spawn-ping failed:\n${spawnOut.text}`);
const spawnRun = JSON.parse(spawnOut.text.trim().split('\n').at(-1));
const spawnPerCheck = (spawnRun.selfCpu + spawnRun.childCpu) / spawnRun.finished;
const windowChecks = (TARGETS * SECONDS * 1000) / INTERVAL_MS;
const spawnScaled = spawnPerCheck * windowChecks;

const us = (cpu, checks) => ((cpu / checks) * 1e6).toFixed(1);
const ok = (pass) => (pass ? 'met' : 'NOT MET');
console.log(`\nprobe cost: ${TARGETS} targets every ${INTERVAL_MS / 1000} s, CPU over ${SECONDS} s (node ${process.version}, ${cpus().length} cpus)\n`);
const runRow = (label, run) => [label, run.checks, run.cpu.toFixed(2), `${run.user.toFixed(2)} / ${run.system.toFixed(2)}`, us(run.cpu, run.checks || windowChecks), run.memory.peakMb.toFixed(1)];
printTable([
  ['prober', 'lines', 'CPU s', 'user / system s', 'µs/check', 'RSS MB (peak)'],
  runRow(fpingRun.label, fpingRun),
  runRow(fpingQuiet.label, { ...fpingQuiet, checks: 0 }),
  runRow('monitor (line, monitor.log, connection_log.csv per check)', monitorRun),
  [`spawn ping per check (${spawnRun.targets} targets, ${spawnRun.seconds} s, scaled)`, windowChecks, spawnScaled.toFixed(2), '-', (spawnPerCheck * 1e6).toFixed(1), '-'],
]);
console.log('');
const ratioFping = monitorRun.cpu / fpingRun.cpu;
const ratioQuiet = monitorRun.cpu / fpingQuiet.cpu;
const ratioSpawn = spawnScaled / monitorRun.cpu;
const rows = [
  ['goal', 'measured', 'target', 'result'],
  [`monitor CPU / reporting fping CPU (${TARGETS})`, `${ratioFping.toFixed(2)}x`, '<= 1.1x', ok(ratioFping <= 1.1)],
  [`monitor CPU / quiet fping CPU (${TARGETS}), info`, `${ratioQuiet.toFixed(2)}x`, '-', '-'],
  ['spawn CPU / monitor CPU', `${ratioSpawn.toFixed(1)}x`, '>= 20x', ok(ratioSpawn >= 20)],
  [`lateness p99 (${TARGETS}, whole run)`, `${stats.latenessMs.p99} ms`, '< 100 ms', ok(stats.latenessMs.p99 < 100)],
  [`resident memory, peak (${TARGETS})`, `${monitorRun.rssMb.toFixed(1)} MB`, '< 200 MB', ok(monitorRun.rssMb < 200)],
];
if (scaleRun) {
  rows.push(
    [`lateness p99 (${SCALE_TARGETS}, whole run)`, `${scaleRun.stats.latenessMs.p99} ms`, '< 100 ms', ok(scaleRun.stats.latenessMs.p99 < 100)],
    [`resident memory, peak (${SCALE_TARGETS})`, `${scaleRun.rssMb.toFixed(1)} MB`, '< 200 MB', ok(scaleRun.rssMb < 200)],
    [`checks made (${SCALE_TARGETS}), of due`, `${scaleRun.checks} / ${(SCALE_TARGETS * SECONDS * 1000) / INTERVAL_MS}`, 'all', ok(scaleRun.checks >= 0.99 * ((SCALE_TARGETS * SECONDS * 1000) / INTERVAL_MS))],
  );
}
printTable(rows);
const summary = (label, run) =>
  `${label}: ${run.stats.checks} checks in ${run.stats.uptimeSeconds} s, ${run.stats.skipped} skipped, ${run.inactive} failed, ${run.cpu.toFixed(2)} CPU s in the window; ` +
  `lateness p50 ${run.stats.latenessMs.p50} ms, p90 ${run.stats.latenessMs.p90} ms, p99 ${run.stats.latenessMs.p99} ms, max ${run.stats.latenessMs.max} ms`;
console.log(`\n${summary(`monitor (${TARGETS})`, monitorRun)}`);
if (scaleRun) console.log(summary(`monitor (${SCALE_TARGETS})`, scaleRun));
console.log(`spawn reference: ${spawnRun.finished} pings (${spawnRun.answered} answered), ${spawnRun.selfCpu.toFixed(2)} s CPU in node + ${spawnRun.childCpu.toFixed(2)} s in the children`);
if (profile) {
  console.log(`\nwhere the monitor's CPU goes (${TARGETS} targets, --cpu-prof, self time):\n`);
  printTable([['share', 'function', 'where'], ...profile.map((p) => [`${p.percent.toFixed(1)}%`, p.name, p.where])]);
}
console.log(
  `\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s; reproduce: pnpm build && node scripts/bench/monitor/probe-cost.mjs --targets ${TARGETS} --seconds ${SECONDS} --scale-targets ${SCALE_TARGETS}${PROFILE ? ' --profile' : ''}`,
);
