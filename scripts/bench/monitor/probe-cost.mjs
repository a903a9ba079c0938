// Probe cost: 5,000 live targets (addresses on loopback in a namespace of our own) checked every 2 s
// for 60 s by the monitor, by fping on the same schedule, and (scaled from a smaller run) by spawning
// `ping` once per check from Node as Uptime Kuma does. Root needed. After `pnpm build`:
//   node scripts/bench/monitor/probe-cost.mjs [--targets 5000] [--seconds 60] [--spawn-targets 500] [--spawn-seconds 20] [--keep]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import {
  MONITOR_CLI, Netns, cpuOf, memoryOf, numberFlag, printTable, requireLab, sleep, stopChild, targetAddresses, tempDir, waitFor,
  watchOutput, writeConfig,
} from './lab.mjs';

const TARGETS = numberFlag('targets', 5000);
const SECONDS = numberFlag('seconds', 60);
const SPAWN_TARGETS = numberFlag('spawn-targets', 500);
const SPAWN_SECONDS = numberFlag('spawn-seconds', 20);
const INTERVAL_MS = 2000;
const SETTLE_MS = 4000; // after the first round of checks, before the measured window opens

requireLab(['fping']);
const dir = tempDir('probe-cost');
const ns = new Netns();
const addresses = targetAddresses(TARGETS);
ns.addresses('add', addresses);
const targetsFile = join(dir, 'targets.txt');
writeFileSync(targetsFile, `${addresses.join('\n')}\n`);
const started = Date.now();

/** CPU seconds and checks of a process over a window of SECONDS that opens once `ready` holds. */
async function measure(child, out, ready) {
  await waitFor('the first round of checks', ready, 60_000);
  await sleep(SETTLE_MS);
  const cpu0 = cpuOf(child.pid).self;
  const lines0 = out.lines;
  await sleep(SECONDS * 1000);
  const cpu = cpuOf(child.pid).self - cpu0;
  return { cpu, checks: out.lines - lines0, memory: memoryOf(child.pid) };
}

// fping: -i 0.25 ms between any two pings lets one round of 5,000 finish in 1.25 s, so each target
// keeps its 2 s period (with the default -i 10 ms a round would take 50 s); -D: one line per ping.
const fpingArgs = ['-l', '-p', String(INTERVAL_MS), '-i', '0.25', '-t', '1000', '-D', '-f', targetsFile];
const fping = ns.spawn('fping', fpingArgs);
const fpingOut = watchOutput(fping);
const fpingRun = await measure(fping, fpingOut, () => fpingOut.lines >= TARGETS);
await stopChild(fping, 'SIGKILL');

// the monitor, alone (no target goes down, so no alert is sent and no MTA is needed)
const config = writeConfig(dir, { addresses, interval: `${INTERVAL_MS}ms`, timeout: '1s' });
const statsFile = join(dir, 'monitor-stats.json');
const monitor = ns.spawn(process.execPath, [MONITOR_CLI, '--config', config, '--data-dir', join(dir, 'data'), '--stats-file', statsFile]);
const monitorOut = watchOutput(monitor);
const monitorRun = await measure(monitor, monitorOut, () => monitorOut.lines >= TARGETS);
const code = await stopChild(monitor);
if (code !== 0) throw new Error(`the monitor exited with ${code}:\n${monitorOut.text}`);
const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
const inactive = (readFileSync(join(dir, 'data/logs/monitor.log'), 'utf8').match(/Network Inactive/g) ?? []).length;

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
printTable([
  ['prober', 'checks', 'CPU s', 'µs/check', 'RSS MB (peak)'],
  ['fping -l -p 2000 -i 0.25 -D', fpingRun.checks, fpingRun.cpu.toFixed(2), us(fpingRun.cpu, fpingRun.checks), fpingRun.memory.peakMb.toFixed(1)],
  ['monitor', monitorRun.checks, monitorRun.cpu.toFixed(2), us(monitorRun.cpu, monitorRun.checks), monitorRun.memory.peakMb.toFixed(1)],
  [`spawn ping per check (${spawnRun.targets} targets, ${spawnRun.seconds} s, scaled)`, windowChecks, spawnScaled.toFixed(2), (spawnPerCheck * 1e6).toFixed(1), '-'],
]);
console.log('');
const ratioFping = monitorRun.cpu / fpingRun.cpu;
const ratioSpawn = spawnScaled / monitorRun.cpu;
const rssMb = Math.max(monitorRun.memory.peakMb, stats.maxRssMb);
printTable([
  ['goal', 'measured', 'target', 'result'],
  ['monitor CPU / fping CPU', `${ratioFping.toFixed(2)}x`, '<= 1.5x', ok(ratioFping <= 1.5)],
  ['spawn CPU / monitor CPU', `${ratioSpawn.toFixed(1)}x`, '>= 20x', ok(ratioSpawn >= 20)],
  ['lateness p99 (whole run)', `${stats.latenessMs.p99} ms`, '< 100 ms', ok(stats.latenessMs.p99 < 100)],
  ['resident memory, peak', `${rssMb.toFixed(1)} MB`, '< 150 MB', ok(rssMb < 150)],
]);
console.log(
  `\nmonitor: ${stats.checks} checks in ${stats.uptimeSeconds} s, ${stats.skipped} skipped, ${inactive} failed; lateness p50 ${stats.latenessMs.p50} ms, ` +
    `p90 ${stats.latenessMs.p90} ms, p99 ${stats.latenessMs.p99} ms, max ${stats.latenessMs.max} ms`,
);
console.log(`spawn reference: ${spawnRun.finished} pings (${spawnRun.answered} answered), ${spawnRun.selfCpu.toFixed(2)} s CPU in node + ${spawnRun.childCpu.toFixed(2)} s in the children`);
console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s; reproduce: pnpm build && node scripts/bench/monitor/probe-cost.mjs --targets ${TARGETS} --seconds ${SECONDS}`);
