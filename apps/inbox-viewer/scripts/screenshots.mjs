// Takes the screenshots of the viewer's pages for the README (docs/viewer-*.png), with demo data in a
// temp directory and Debian's chromium. Run after building:
//   pnpm --filter @uptime/inbox-viewer build && node apps/inbox-viewer/scripts/screenshots.mjs
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { chromium } from 'playwright-core';
import { openEventWriter } from '@uptime/events';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'viewer-shots-'));
const data = join(root, 'data');
const now = Date.now();
const MIN = 60_000;
const iso = (ms) => new Date(ms).toISOString().replace('Z', '+00:00');

const targets = [
  { name: 'gateway', host: '192.0.2.1', probe: 'icmp', down: false, base: 0.6 },
  { name: 'web', host: '192.0.2.8', probe: 'http', down: false, base: 14 },
  { name: 'nas', host: '192.0.2.20', probe: 'icmp', down: true, base: 1.4 },
  { name: 'ssh bastion', host: '192.0.2.9', probe: 'tcp', down: false, base: 2.2 },
];

function recent(t, i) {
  return Array.from({ length: 60 }, (_, k) => {
    const fail = t.down ? k > 50 : (i === 1 && k >= 20 && k < 24);
    return { t: iso(now - (60 - k) * 2000), ok: !fail, rttMs: fail ? null : +(t.base * (1 + 0.35 * Math.sin(k / 4 + i) + 0.15 * ((k * 7 + i) % 5) / 5)).toFixed(2) };
  });
}

mkdirSync(join(data, 'run'), { recursive: true });
writeFileSync(join(data, 'run', 'status.json'), JSON.stringify({
  updatedAt: iso(now),
  targets: targets.map((t, i) => ({
    name: t.name, host: t.host, probe: t.probe, status: t.down ? 'down' : 'up',
    since: iso(t.down ? now - 18_000 : now - (i + 2) * 3_600_000 * 7), rttMs: t.down ? null : t.base, lastCheck: iso(now - 1000),
    lossPercent: t.down ? 15 : i === 1 ? 6.7 : 0, recent: recent(t, i),
  })),
}));

mkdirSync(join(data, 'logs'), { recursive: true });
const outages = [['web', '192.0.2.8', now - 26 * 3_600_000, 320], ['gateway', '192.0.2.1', now - 4 * 86_400_000, 1260], ['nas', '192.0.2.20', now - 9 * 3_600_000, 95], ['web', '192.0.2.8', now - 3 * MIN - 40_000, 8]];
writeFileSync(join(data, 'logs', 'outage_log.csv'), ['date,host,target,start,end,duration_seconds', ...outages.map(([t, h, s, d]) => `${iso(s).slice(0, 10)},${h},${t},${iso(s)},${iso(s + d * 1000)},${d}`)].join('\n') + '\n');

const writer = await openEventWriter({ dir: join(data, 'events'), role: 'monitor' });
await writer.record({ code: 'MONITOR_STARTED', hosts: [], message: 'The monitor started with 4 targets.', time: iso(now - 30 * MIN) });
const alerts = [];
async function transition(t, down, ms) {
  const e = await writer.record({ code: down ? 'HOST_DOWN' : 'HOST_UP', target: t.name, before: down ? 'up' : 'down', after: down ? 'down' : 'up', hosts: [t.host], message: `${t.name} ${t.host} is ${down ? 'down' : 'up'}.`, time: iso(ms) });
  await writer.record({ code: 'ALERT_QUEUED', eventId: e.id, messageId: `<${e.id}@sensor.lab>`, hosts: [t.host], message: `Alert for ${t.name} handed to the MTA.`, time: iso(ms + 40) });
  alerts.push({ t, down, ms, id: e.id });
}
await transition(targets[1], true, now - 3 * MIN - 40_000);
await transition(targets[1], false, now - 3 * MIN - 32_000);
await transition(targets[2], true, now - 18_000);
await writer.close();

const box = join(data, 'mail', 'admin');
for (const f of ['tmp', 'new', 'cur']) mkdirSync(join(box, f), { recursive: true });
let n = 0;
async function deliver(mail, ms, seen = false) {
  const raw = await new MailComposer({ date: new Date(ms), ...mail }).compile().build();
  const unique = `${Math.floor(ms / 1000)}.M${++n}P1.sensor.lab`;
  const path = seen ? join(box, 'cur', `${unique}:2,S`) : join(box, 'new', unique);
  writeFileSync(path, raw);
  utimesSync(path, new Date(ms), new Date(ms));
}
for (let i = 0; i < 9; i++) {
  const t = targets[i % 4];
  const down = i % 2 === 0;
  await deliver({ from: 'Uptime sensor <uptime@localhost>', to: 'admin@localhost', subject: `[uptime] ${t.name} ${t.host} is ${down ? 'DOWN' : 'UP'}`, text: `${t.name} (${t.host}) is ${down ? 'down' : 'up'}.` }, now - (i + 1) * 5 * 3_600_000, true);
}
await deliver({ from: 'Lab newsletter <news@lab.example>', to: 'admin@localhost', subject: 'Rack move on Friday', text: 'The racks in room 2 move on Friday.', html: '<h2 style="color:#1f5fbf">Rack move on Friday</h2><p>The racks in <b>room 2</b> move on Friday from 9:00.</p><img src="https://news.lab.example/banner.png" alt="banner"><p>See the <a href="https://wiki.lab.example/racks">wiki</a>.</p>' }, now - 40 * MIN);
for (const a of alerts) {
  const body = [`${a.t.name} (${a.t.host}) is ${a.down ? 'DOWN' : 'UP'}.`, '', `Before: ${a.down ? 'up' : 'down'}`, `After:  ${a.down ? 'down' : 'up'}`, `Time:   ${iso(a.ms)}`, `Event:  ${a.down ? 'HOST_DOWN' : 'HOST_UP'} ${a.id}`, ...(a.down ? [] : ['Outage: 8 s'])].join('\n');
  await deliver({ from: 'Uptime sensor <uptime@localhost>', to: 'admin@localhost', subject: `[uptime] ${a.t.name} ${a.t.host} is ${a.down ? 'DOWN' : 'UP'}`, text: body, headers: { 'X-Uptime-Event-Id': a.id } }, a.ms + 500, a.ms < now - MIN);
}

writeFileSync(join(root, 'uptime.config.yaml'), 'viewer:\n  listen: "127.0.0.1:0"\n');
const viewer = spawn(process.execPath, [CLI, '--data-dir', data], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  viewer.stdout.on('data', (c) => {
    out += c;
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) resolve(m[1]);
  });
  viewer.on('exit', (code) => reject(new Error(`viewer exited ${code}`)));
});

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] /* playwright gives it a fresh --user-data-dir */ });
try {
  const shot = async (path, file, viewport = { width: 1200, height: 760 }, colorScheme = 'light') => {
    const page = await browser.newPage({ viewport, colorScheme, deviceScaleFactor: 1 });
    await page.goto(`${url}${path}`);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(DOCS, file) });
    await page.close();
    console.log(`docs/${file}`);
  };
  const { messages } = await (await fetch(`${url}/api/messages?q=nas`)).json();
  const alert = messages.find((m) => m.subject.endsWith('is DOWN') && !m.seen) ?? messages[0];
  await shot('/', 'viewer-inbox.png');
  await shot('/', 'viewer-inbox-phone.png', { width: 390, height: 760 }, 'dark');
  await shot(`/messages/${alert.id}`, 'viewer-message.png');
  await shot('/status', 'viewer-status.png', { width: 1200, height: 700 });
  await shot('/events', 'viewer-events.png');
  await shot('/outages', 'viewer-outages.png', { width: 1200, height: 640 });
} finally {
  await browser.close();
  viewer.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
}
