/** @module `uptime-monitor test-alert [--to ADDR]`: sends a test alert the normal way (outbox -> MTA -> delivery) and reports what became of it. */
import { join } from 'node:path';
import { loadConfigOrExit, type ConfigFlags } from '@uptime/config';
import { openEventWriter } from '@uptime/events';
import { AlertSender } from '../alerts/alert-sender.js';
import { Outbox } from '../alerts/outbox.js';
import { submissionOptions } from '../alerts/submission-options.js';
import { composeTestAlert } from './test-alert-message.js';
import { describeReport, outcomesOf, type RecipientReport } from './test-alert-outcome.js';

export interface TestAlertFlags extends ConfigFlags {
  to?: string[];
  wait?: string;
}

/** Exit codes: every recipient delivered 0; bounced or not accepted by the MTA 1; deferred or no outcome in time 75 (EX_TEMPFAIL). */
const EXIT = { ok: 0, failed: 1, later: 75 } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends the test alert, waits up to --wait seconds for the MTA's outcome per recipient, prints it and exits. */
export async function testAlertCommand(flags: TestAlertFlags): Promise<never> {
  const { config, layout } = loadConfigOrExit(flags, 'monitor');
  const waitMs = Math.max(1, Number(flags.wait ?? 30)) * 1000;
  const alert = composeTestAlert({
    from: config.alerts.from,
    to: flags.to?.length ? flags.to : config.alerts.to,
    hostname: config.mta.hostname,
    sensor: config.sensor.name,
    viewerUrl: config.viewer.url,
  });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const events = await openEventWriter({ dir: layout.events, role: 'test-alert' });
  let lastResult = '';
  // an outbox of its own: the same files, sender and login as the alerts, without racing the running monitor's sequence
  const sender = new AlertSender({
    outbox: new Outbox(join(layout.root, 'outbox-test')),
    smtp: await submissionOptions(config, layout),
    recordEvent: (e) => events.record(e),
    logNotification: (line) => (lastResult = line.split('\t').slice(3).join(' ')),
    onProblem: (line) => process.stderr.write(`test-alert: ${line}\n`),
    retryMs: { first: 500, max: 2000 },
  });
  await sender.start();
  say(`test-alert: "${alert.subject}" to ${alert.to.join(', ')} (Message-ID ${alert.messageId})`);
  await sender.enqueue(alert);
  const deadline = Date.now() + waitMs;
  while (sender.pending > 0 && Date.now() < deadline) await sleep(100);
  if (sender.pending > 0) {
    await sender.stop();
    await events.close();
    say(`test-alert: the MTA on ${config.mta.listen.host}:${config.mta.listen.port} did not take it: ${lastResult || 'no answer'}`);
    say('test-alert: is the appliance running (uptime-sensor status)? The alert stays in the outbox and is sent at the next test-alert.');
    process.exit(EXIT.failed);
  }
  await sender.stop();
  await events.close();
  say(`test-alert: accepted by the MTA: ${lastResult}`);

  let reports = new Map<string, RecipientReport>();
  while (Date.now() < deadline) {
    reports = await outcomesOf(layout.events, alert.messageId, alert.to);
    if (reports.size === alert.to.length) break;
    await sleep(200);
  }
  const all = alert.to.map((r) => reports.get(r) ?? { recipient: r, status: 'unknown' as const, detail: `the MTA reported nothing within ${waitMs / 1000} s (see uptime-sensor queue list)` });
  for (const report of all) say(describeReport(report));
  const worst = all.some((r) => r.status === 'bounced') ? EXIT.failed : all.some((r) => r.status !== 'delivered') ? EXIT.later : EXIT.ok;
  process.exit(worst);
}
