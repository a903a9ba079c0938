// Throughput of the MTA against Postfix on the same machine, in one run: both receive
// `smtp-source -s 10 -m 5000 -l 2000` on loopback and deliver, durably, to a Maildir. The time runs
// from the start of smtp-source (its first connection) until the last message is in Maildir/new.
// Run as root (Postfix needs it), after building:
//   pnpm --filter @uptime/mta build && node scripts/bench/mta-throughput/run.mjs
// Options: --messages N (5000), --sessions N (10), --size BYTES (2000), --rounds N (3), --keep.
// The Postfix instance is a throw-away one (postfix -c <tmp>/conf): its own config, queue and
// Maildir under /tmp, listening on 127.0.0.1 only, delivering only to its Maildir
// (default_transport = error); the system's Postfix configuration is not read or changed.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const MESSAGES = option('--messages', 5000);
const SESSIONS = option('--sessions', 10);
const SIZE = option('--size', 2000);
const ROUNDS = option('--rounds', 3);
const KEEP = argv.includes('--keep');
const CLI = fileURLToPath(new URL('../../../apps/mta/dist/cli.js', import.meta.url));
const SMTP_SOURCE = '/usr/sbin/smtp-source';
const POSTFIX = '/usr/sbin/postfix';
const NOBODY = 65534;
const TIMEOUT = 15 * 60_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', () => {
        socket.end('QUIT\r\n');
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`nothing answers on 127.0.0.1:${port}`);
}

const countIn = (dir) => readdir(dir).then((names) => names.length, () => 0);

/** Runs smtp-source against the port and waits until `maildirNew` holds every message; returns msgs/s. */
async function measure(port, maildirNew) {
  const args = ['-s', String(SESSIONS), '-m', String(MESSAGES), '-l', String(SIZE), '-f', 'bench@localhost', '-t', 'admin@localhost', `127.0.0.1:${port}`];
  const start = performance.now();
  const source = spawn(SMTP_SOURCE, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  source.stderr.on('data', (c) => (stderr += c));
  let sourceDone = false;
  const exited = new Promise((resolve) => source.once('exit', (code) => resolve(code)));
  void exited.then(() => (sourceDone = true));
  for (;;) {
    const count = await countIn(maildirNew);
    if (count >= MESSAGES) break;
    if (performance.now() - start > TIMEOUT) throw new Error(`only ${count} of ${MESSAGES} messages arrived in ${TIMEOUT / 1000} s`);
    await sleep(sourceDone ? 10 : 200); // poll lightly while smtp-source runs, closely at the end
  }
  const seconds = (performance.now() - start) / 1000;
  const code = await exited;
  if (code !== 0) throw new Error(`smtp-source exited ${code}: ${stderr}`);
  return MESSAGES / seconds;
}

/** Our MTA (apps/mta/dist/cli.js), local delivery, with a fresh data directory. */
async function benchOurs() {
  const dir = await mkdtemp(join(tmpdir(), 'mta-bench-'));
  const port = await freePort();
  await writeFile(join(dir, 'uptime.config.yaml'), `mta:\n  listen: "127.0.0.1:${port}"\n`);
  const env = { ...process.env };
  for (const key of ['UPTIME_CONFIG', 'UPTIME_DATA_DIR', 'INIT_CWD']) delete env[key];
  const mta = spawn(process.execPath, [CLI, '--data-dir', join(dir, 'data')], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  mta.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise((resolve) => mta.once('exit', (code) => resolve(code)));
  try {
    await Promise.race([waitForPort(port), exited.then((code) => Promise.reject(new Error(`the MTA exited ${code}: ${stderr}`)))]);
    return await measure(port, join(dir, 'data', 'mail', 'admin', 'new'));
  } finally {
    mta.kill('SIGTERM');
    await exited;
    if (!KEEP) await rm(dir, { recursive: true, force: true });
  }
}

/** A throw-away Postfix instance delivering every message for localhost to one Maildir. */
async function benchPostfix() {
  const base = await mkdtemp(join(tmpdir(), 'postfix-bench-'));
  await chmod(base, 0o755); // the postfix user must reach data/ and the queue
  const port = await freePort();
  const conf = join(base, 'conf');
  const mail = join(base, 'mail');
  for (const d of [conf, mail, join(base, 'queue'), join(base, 'data')]) await mkdir(d, { recursive: true });
  await chown(mail, NOBODY, NOBODY);
  const { stdout: owner } = await run('id', ['-u', 'postfix']);
  await chown(join(base, 'data'), Number(owner.trim()), 0);
  await writeFile(
    join(conf, 'main.cf'),
    [
      'compatibility_level = 3.6',
      `queue_directory = ${base}/queue`,
      `data_directory = ${base}/data`,
      'mail_owner = postfix',
      'setgid_group = postdrop',
      'myhostname = bench.localdomain',
      'mydomain = localdomain',
      'myorigin = localhost',
      'mydestination =',
      'inet_interfaces = 127.0.0.1',
      'inet_protocols = ipv4',
      'mynetworks = 127.0.0.0/8',
      'relayhost =',
      'default_transport = error:this benchmark instance sends nothing off-host',
      'relay_transport = error:this benchmark instance sends nothing off-host',
      'virtual_mailbox_domains = localhost',
      `virtual_mailbox_base = ${mail}`,
      'virtual_mailbox_maps = static:admin/',
      `virtual_uid_maps = static:${NOBODY}`,
      `virtual_gid_maps = static:${NOBODY}`,
      'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
      `maillog_file = ${base}/maillog`,
      `maillog_file_prefixes = ${base}`,
      'alias_maps =',
      'alias_database =',
      'biff = no',
      'append_dot_mydomain = no',
      '',
    ].join('\n'),
  );
  const service = (name, type, priv, unpriv, chroot, wakeup, limit, command) => [name, type, priv, unpriv, chroot, wakeup, limit, command].join(' ');
  await writeFile(
    join(conf, 'master.cf'),
    [
      service(`127.0.0.1:${port}`, 'inet', 'n', '-', 'n', '-', '-', 'smtpd'),
      service('pickup', 'unix', 'n', '-', 'n', '60', '1', 'pickup'),
      service('cleanup', 'unix', 'n', '-', 'n', '-', '0', 'cleanup'),
      service('qmgr', 'unix', 'n', '-', 'n', '300', '1', 'qmgr'),
      service('rewrite', 'unix', '-', '-', 'n', '-', '-', 'trivial-rewrite'),
      service('bounce', 'unix', '-', '-', 'n', '-', '0', 'bounce'),
      service('defer', 'unix', '-', '-', 'n', '-', '0', 'bounce'),
      service('trace', 'unix', '-', '-', 'n', '-', '0', 'bounce'),
      service('verify', 'unix', '-', '-', 'n', '-', '1', 'verify'),
      service('flush', 'unix', 'n', '-', 'n', '1000?', '0', 'flush'),
      service('proxymap', 'unix', '-', '-', 'n', '-', '-', 'proxymap'),
      service('showq', 'unix', 'n', '-', 'n', '-', '-', 'showq'),
      service('error', 'unix', '-', '-', 'n', '-', '-', 'error'),
      service('retry', 'unix', '-', '-', 'n', '-', '-', 'error'),
      service('discard', 'unix', '-', '-', 'n', '-', '-', 'discard'),
      service('virtual', 'unix', '-', 'n', 'n', '-', '-', 'virtual'),
      service('anvil', 'unix', '-', '-', 'n', '-', '1', 'anvil'),
      service('scache', 'unix', '-', '-', 'n', '-', '1', 'scache'),
      service('postlog', 'unix-dgram', 'n', '-', 'n', '-', '1', 'postlogd'),
      '',
    ].join('\n'),
  );
  try {
    await run(POSTFIX, ['-c', conf, 'start']);
    await waitForPort(port);
    return await measure(port, join(mail, 'admin', 'new'));
  } finally {
    await run(POSTFIX, ['-c', conf, 'stop']).catch(() => undefined);
    for (let i = 0; i < 100 && (await run(POSTFIX, ['-c', conf, 'status']).then(() => true, () => false)); i++) await sleep(100);
    if (!KEEP) await rm(base, { recursive: true, force: true });
  }
}

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run pnpm --filter @uptime/mta build first`);
if (!existsSync(SMTP_SOURCE)) throw new Error(`${SMTP_SOURCE} is missing: apt-get install postfix (see scripts/install-test-deps.sh)`);
const postfixReason = !existsSync(POSTFIX) ? `${POSTFIX} is not installed` : process.getuid?.() !== 0 ? 'a Postfix instance needs root' : undefined;

console.log(`mta-throughput: smtp-source -s ${SESSIONS} -m ${MESSAGES} -l ${SIZE}, ${ROUNDS} round(s), ${cpus().length} CPU(s), node ${process.version}`);
const ours = [];
const postfix = [];
for (let round = 1; round <= ROUNDS; round++) {
  const order = round % 2 === 1 ? ['ours', 'postfix'] : ['postfix', 'ours']; // alternate, so neither always goes first
  for (const which of order) {
    if (which === 'ours') {
      const rate = await benchOurs();
      ours.push(rate);
      console.log(`round ${round}  uptime-mta  ${rate.toFixed(0).padStart(6)} msgs/s`);
    } else if (!postfixReason) {
      const rate = await benchPostfix();
      postfix.push(rate);
      console.log(`round ${round}  postfix     ${rate.toFixed(0).padStart(6)} msgs/s`);
    }
    await sleep(2000); // let the file system settle (deleted inodes, journal) between runs
  }
}
console.log(`median      uptime-mta  ${median(ours).toFixed(0).padStart(6)} msgs/s`);
if (postfixReason) {
  console.log(`postfix: not measured (${postfixReason})`);
} else {
  console.log(`median      postfix     ${median(postfix).toFixed(0).padStart(6)} msgs/s`);
  console.log(`ratio uptime-mta / postfix: ${(median(ours) / median(postfix)).toFixed(2)} (goal: >= 1.50, issue 12)`);
}
console.log('reproduce: pnpm --filter @uptime/mta build && node scripts/bench/mta-throughput/run.mjs');
