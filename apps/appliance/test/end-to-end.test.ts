import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dataLayout, monitorNodeFlags, readParts } from '@uptime/config';
import { readEvents, type UptimeEvent } from '@uptime/events';
import { Netns, netnsUnavailable, startInNetns, waitFor, type Child } from '@uptime/test-lab';

const cli = resolve(import.meta.dirname, '../dist/cli.js');
const TARGET = '127.0.0.51';
const unavailable = netnsUnavailable();
if (unavailable) console.warn(`SKIPPED end-to-end appliance tests: ${unavailable}`);

interface MessageList {
  total: number;
  messages: Array<{ id: string; subject: string; mailbox: string }>;
}

function mailIn(dataDir: string, mailbox: string): Array<{ file: string; text: string }> {
  const dir = join(dataDir, 'mail', mailbox, 'new');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
}

describe.skipIf(unavailable !== undefined)('pnpm start, end to end in a network namespace', () => {
  let ns: Netns;
  let dataDir: string;
  let appliance: Child;

  beforeAll(() => {
    ns = new Netns();
    ns.addAddress(TARGET);
    const dir = mkdtempSync(join(tmpdir(), 'uptime-e2e-'));
    dataDir = join(dir, 'data');
    const config = join(dir, 'uptime.config.yaml');
    writeFileSync(
      config,
      [
        'monitor:',
        '  interval: 500ms',
        '  timeout: 300ms',
        '  targets:',
        `    - { name: lab-host, host: ${TARGET} }`,
        'alerts:',
        '  to: [admin@localhost]',
      ].join('\n'),
    );
    appliance = startInNetns(ns, cli, ['--config', config, '--data-dir', dataDir]);
  });

  afterAll(async () => {
    await appliance?.stop('SIGKILL');
    ns?.delete();
  });

  const events = (code: UptimeEvent['code']) => readEvents(join(dataDir, 'events'), { code, host: TARGET, limit: 50 });

  it('sees the target up, prints the check line and serves the inbox', async () => {
    await waitFor('HOST_UP unknown -> up', async () => (await events('HOST_UP')).length > 0);
    const output = appliance.output();
    expect(output).toMatch(new RegExp(`\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} Network Active to ${TARGET.replace(/\./g, '\\.')}`));
    expect(output).toMatch(/^mta\s+\| /m);
    expect(output).toMatch(/^monitor\s+\| /m);
    expect(readFileSync(join(dataDir, 'logs', 'monitor.log'), 'utf8')).toContain(`Network Active to ${TARGET}`);
    const health = await waitFor('viewer health', () => ns.fetchJson<{ ok: boolean }>('http://127.0.0.1:8025/api/health'));
    expect(health.ok).toBe(true);
  });

  it('runs the monitor with the heap ceiling for its target count (issue 10: 20,000 targets under 200 MB)', async () => {
    const monitor = await waitFor('the monitor in the part registry', () => readParts(dataLayout(dataDir)).find((p) => p.part === 'monitor' && p.up));
    const argv = readFileSync(`/proc/${monitor.pid}/cmdline`, 'utf8').split('\0');
    expect(monitorNodeFlags(1)).toEqual([expect.stringMatching(/^--max-old-space-size=\d+$/)]);
    for (const flag of monitorNodeFlags(1)) expect(argv).toContain(flag);
  });

  it('reports the address going away: HOST_DOWN event, DOWN email in Maildir and in /api/messages', async () => {
    ns.removeAddress(TARGET);
    const removedAt = Date.now();
    const [down] = await waitFor('HOST_DOWN', async () => {
      const found = await events('HOST_DOWN');
      return found.length ? found : undefined;
    });
    expect(down).toMatchObject({ code: 'HOST_DOWN', hosts: [TARGET], target: 'lab-host', before: 'up', after: 'down' });
    const mail = await waitFor('the DOWN email in admin Maildir', () => mailIn(dataDir, 'admin').find((m) => m.text.includes('is DOWN')), 30_000, 5);
    const latencyMs = Date.now() - removedAt;
    console.log(`address removed -> DOWN email in Maildir: ${latencyMs} ms (interval 500 ms, timeout 300 ms)`);
    expect(mail.text).toContain(`Subject: [uptime] lab-host ${TARGET} is DOWN`);
    expect(mail.text).toContain(`X-Uptime-Event-Id: ${down?.id}`);
    expect(mail.text).toMatch(/^Received: [^]*? with ESMTPA /m); // the monitor submitted with its own credentials
    const metrics = await waitFor('/metrics showing the target down', () => {
      const text = ns.fetchText('http://127.0.0.1:8025/metrics');
      return text.includes(`uptime_target_up{target="lab-host",host="${TARGET}"} 0`) ? text : undefined;
    });
    const failures = new RegExp(`uptime_checks_total\\{target="lab-host",host="${TARGET.replace(/\./g, '\\.')}",result="failure"\\} (\\d+)`).exec(metrics);
    expect(Number(failures?.[1])).toBeGreaterThan(0);
    const list = ns.fetchJson<MessageList>('http://127.0.0.1:8025/api/messages?mailbox=admin');
    expect(list.messages.map((m) => m.subject)).toContain(`[uptime] lab-host ${TARGET} is DOWN`);
  });

  it('reports the address coming back: HOST_UP with outageSeconds and a second email', async () => {
    ns.addAddress(TARGET);
    const ups = await waitFor('HOST_UP after the outage', async () => {
      const found = (await events('HOST_UP')).filter((e) => e.code === 'HOST_UP' && e.before === 'down');
      return found.length ? found : undefined;
    });
    const up = ups[0];
    expect(up).toMatchObject({ code: 'HOST_UP', hosts: [TARGET], before: 'down', after: 'up' });
    expect(up?.code === 'HOST_UP' ? up.outageSeconds : undefined).toBeGreaterThan(0);
    const mail = await waitFor('the UP email', () => mailIn(dataDir, 'admin').find((m) => m.text.includes('is UP')));
    expect(mail.text).toContain(`Subject: [uptime] lab-host ${TARGET} is UP`);
    const outages = readFileSync(join(dataDir, 'logs', 'outage_log.csv'), 'utf8').trim().split('\n');
    expect(outages[0]).toBe('date,host,target,start,end,duration_seconds');
    expect(outages[1]).toContain(`${TARGET},lab-host,`);
    await waitFor('both alerts listed by /api/messages', () => ns.fetchJson<MessageList>('http://127.0.0.1:8025/api/messages').total === 2);
  });

  it('stops every part cleanly on SIGTERM', async () => {
    expect(await appliance.stop('SIGTERM')).toBe(0);
    const stopped = await readEvents(join(dataDir, 'events'), { code: 'MONITOR_STOPPED' });
    expect(stopped).toHaveLength(1);
    expect(readdirSync(join(dataDir, 'run')).filter((f) => f.endsWith('.json') && f !== 'status.json')).toEqual([]);
  });
});

describe('pnpm start with a bad config', () => {
  it('names the key, exits 2 and starts nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uptime-bad-'));
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'monitor:\n  targets:\n    - { host: 10.0.0.300 }\n');
    const result = spawnSync(process.execPath, [cli, '--config', config, '--data-dir', join(dir, 'data')], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('monitor.targets[0].host: "10.0.0.300" is not an IP address or host name');
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });
});

describe.skipIf(unavailable !== undefined)('pnpm start with no config and no TTY', () => {
  it('monitors 127.0.0.1 and is ready to deliver to admin@localhost', async () => {
    const ns = new Netns();
    const dir = mkdtempSync(join(tmpdir(), 'uptime-noconf-'));
    const child = startInNetns(ns, cli, [], { cwd: dir });
    try {
      await waitFor('a check of 127.0.0.1', () => child.output().includes('Network Active to 127.0.0.1'));
      expect(child.output()).toContain('alerts to admin@localhost');
      await waitFor('monitor.log (written in batches, after stdout)', () => existsSync(join(dir, 'data', 'logs', 'monitor.log')));
    } finally {
      try {
        await child.stop('SIGINT');
      } finally {
        ns.delete(); // also when a check above failed
      }
    }
    expect(await child.exited).toBe(0);
  });
});
