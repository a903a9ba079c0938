// The Uptime Kuma way of probing, as a reference: one `ping -n -c 1 -W 1 ADDR` child process per check,
// each target on its own timer, the targets spread over the interval. Run inside the benchmark's
// namespace by probe-cost.mjs:  node spawn-ping.mjs TARGETS_FILE SECONDS [INTERVAL_MS]
// Prints JSON: checks started and finished, answers, and CPU seconds of this process and of its children.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpuOf } from './lab.mjs';

const [file, seconds = '20', intervalArg = '2000'] = process.argv.slice(2);
const addresses = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const interval = Number(intervalArg);
const start = Date.now();
const end = start + Number(seconds) * 1000;
let started = 0;
let finished = 0;
let answered = 0;
let inFlight = 0;
let drained;

function ping(address) {
  started += 1;
  inFlight += 1;
  const child = spawn('ping', ['-n', '-c', '1', '-W', '1', address], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.resume();
  child.on('close', (code) => {
    finished += 1;
    if (code === 0 && out.includes('1 received')) answered += 1;
    inFlight -= 1;
    if (inFlight === 0) drained?.();
  });
}

function plan(address, due) {
  if (due >= end) return;
  setTimeout(() => {
    ping(address);
    plan(address, due + interval);
  }, Math.max(0, due - Date.now()));
}

addresses.forEach((address, i) => plan(address, start + Math.floor((i * interval) / addresses.length)));
await new Promise((r) => setTimeout(r, end - Date.now()));
if (inFlight > 0) await new Promise((r) => (drained = r));
const cpu = cpuOf('self'); // every child has been waited for, so its CPU is in `children`
process.stdout.write(`${JSON.stringify({ targets: addresses.length, seconds: Number(seconds), started, finished, answered, selfCpu: cpu.self, childCpu: cpu.children })}\n`);
