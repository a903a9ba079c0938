// The monitor's alerts under a connection flood (issue 12, defect 12): 1,000 idle connections and 100
// slowloris clients (DATA at 1 byte a second) keep attaching to the MTA (each reconnects a second after
// it is cut or refused), and meanwhile the monitor's alerts are sent as the monitor sends them (nodemailer,
// the submission credentials, from 127.0.0.1). Two rounds: the attack from one address (an honest client
// from another address must still be served) and from two (every ordinary place taken: the alerts use the
// reserved places). Goal: every alert in the Maildir within 1 s of being handed over.
// After building (pnpm --filter @uptime/mta build):
//   node scripts/bench/mta/flood.mjs [--idle 1000] [--slow 100] [--alerts 10] [--warmup 15] [--retry 5000]
// The MTA and this script each hold over 1,100 sockets: the script raises its open-file limit (ulimit -n).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILES = 65536;
if (!process.env.FLOOD_BENCH_ULIMIT) {
  // re-run under a raised open-file limit (the soft limit is often 1024)
  const self = fileURLToPath(import.meta.url);
  const args = process.argv.slice(2).map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const result = spawnSync('sh', ['-c', `ulimit -n ${FILES} 2>/dev/null || ulimit -n $(ulimit -Hn); exec "${process.execPath}" "${self}" ${args}`], {
    stdio: 'inherit',
    env: { ...process.env, FLOOD_BENCH_ULIMIT: '1' },
  });
  process.exit(result.status ?? 1);
}

const require = createRequire(new URL('../../../apps/mta/package.json', import.meta.url));
const nodemailer = require('nodemailer');
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const IDLE = option('--idle', 1000);
const SLOW = option('--slow', 100);
const ALERTS = option('--alerts', 10);
const WARMUP = option('--warmup', 15);
const RETRY = option('--retry', 5000);
const CLI = fileURLToPath(new URL('../../../apps/mta/dist/cli.js', import.meta.url));
const ATTACKERS = fileURLToPath(new URL('./flood-attackers.mjs', import.meta.url));
const GOAL_MS = 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const limit = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim();

async function startMta() {
  const dir = await mkdtemp(join(tmpdir(), 'mta-flood-'));
  await writeFile(join(dir, 'uptime.config.yaml'), 'mta:\n  listen: "127.0.0.1:0"\n');
  const child = spawn(process.execPath, [CLI, '--data-dir', 'data'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let logLines = 0;
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (logLines += String(c).split('\n').length - 1));
  for (let i = 0; i < 400 && !/listening on [\d.]+:(\d+)/.test(out); i++) await sleep(50);
  const port = Number(/listening on [\d.]+:(\d+)/.exec(out)?.[1]);
  if (!port) throw new Error(`the MTA did not start: ${out}`);
  const credentials = JSON.parse(await readFile(join(dir, 'data', 'secrets', 'submission.json'), 'utf8'));
  return { child, port, dir, credentials, logLines: () => logLines };
}

async function round(label, idleFrom, slowFrom, honestFrom) {
  const mta = await startMta();
  // the attackers run in their own process, so their sockets do not slow down the timing of the alerts here
  const attackers = spawn(process.execPath, [ATTACKERS, String(mta.port), idleFrom, String(IDLE), slowFrom, String(SLOW), String(RETRY)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let report = '';
  attackers.stdout.on('data', (c) => (report += c));
  const counts = () => JSON.parse(report.trim().split('\n').pop() || '{"attached":0,"refused":0}');
  try {
    await sleep(WARMUP * 1000);
    const maildir = join(mta.dir, 'data', 'mail', 'admin', 'new');
    const count = () => readdir(maildir).then((n) => n.length, () => 0);
    const latencies = [];
    for (let i = 0; i < ALERTS; i++) {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: mta.port,
        localAddress: '127.0.0.1',
        secure: false,
        ignoreTLS: true,
        auth: { user: mta.credentials.user, pass: mta.credentials.password },
      });
      const before = await count();
      const start = performance.now();
      await transport.sendMail({ from: 'uptime@localhost', to: 'admin@localhost', subject: `[uptime] bench-${i} 192.0.2.1 is DOWN`, text: 'flood bench' });
      while ((await count()) <= before) {
        if (performance.now() - start > 30_000) throw new Error(`alert ${i} not delivered within 30 s`);
        await sleep(5);
      }
      latencies.push(performance.now() - start);
      transport.close();
      await sleep(500);
    }
    let honest = 'not tried';
    if (honestFrom) {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mta.port, localAddress: honestFrom, secure: false, ignoreTLS: true });
      honest = await transport.sendMail({ from: 'a@localhost', to: 'admin@localhost', subject: 'honest', text: 'x' }).then(
        (r) => `served (${r.response.slice(0, 3)})`,
        (err) => `refused (${String(err.response ?? err.message).slice(0, 60)})`,
      );
      transport.close();
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const worst = sorted[sorted.length - 1];
    console.log(
      `${label}: ${counts().attached} attacker sessions attached, ${counts().refused} connection attempts refused; ` +
        `alert to Maildir: median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, worst ${worst.toFixed(0)} ms of ${ALERTS}, goal < ${GOAL_MS} ms: ${worst < GOAL_MS ? 'met' : 'MISSED'}` +
        (honestFrom ? `; honest client from ${honestFrom}: ${honest}` : '') +
        `; MTA stderr lines ${mta.logLines()}`,
    );
  } finally {
    attackers.kill('SIGTERM');
    await new Promise((resolve) => attackers.once('exit', resolve));
    mta.child.kill('SIGTERM');
    await new Promise((resolve) => mta.child.once('exit', resolve));
    await rm(mta.dir, { recursive: true, force: true });
  }
}

console.log(`flood: ${IDLE} idle + ${SLOW} slowloris clients (each back ${RETRY} ms after it is cut or refused), ${ALERTS} alerts after ${WARMUP} s of attack (open-file limit ${limit})`);
await round('attack from 127.0.0.2', '127.0.0.2', '127.0.0.2', '127.0.0.50');
await round('attack from 127.0.0.2 and 127.0.0.3', '127.0.0.2', '127.0.0.3');
console.log(`  reproduce: node scripts/bench/mta/flood.mjs --idle ${IDLE} --slow ${SLOW} --alerts ${ALERTS} --warmup ${WARMUP} --retry ${RETRY}`);
process.exit(0);
