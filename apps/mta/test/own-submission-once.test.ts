/**
 * An alert sent again after a kill of the monitor (it had our 250 but was killed before it removed the
 * alert from its outbox) reaches the mailbox once (review of issue 10: two DOWN emails with the same
 * Message-ID). Only the appliance's own submissions are matched, also across a restart of the MTA;
 * anyone else's message with a repeated Message-ID is delivered as sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clientOf, filesIn, startTestMta, stopTestMtas } from './helpers/test-mta.js';
import { waitFor } from './helpers/peers.js';

afterEach(stopTestMtas);

const alert = (n = 1) => ({
  from: 'uptime@localhost',
  to: 'admin@localhost',
  subject: '[uptime] gw 127.0.0.51 is DOWN',
  text: 'gw is down\n',
  messageId: `<event-${n}@sensor.lab>`,
});

describe("the appliance's own submissions", () => {
  it('takes an alert sent again with the same Message-ID once (250 both times), also after an MTA restart', async () => {
    const first = await startTestMta();
    const monitor = await clientOf(first, { auth: true });
    const sent = await monitor.sendMail(alert());
    const again = await monitor.sendMail(alert());
    expect(again.response).toMatch(/^250 /);
    expect(again.response).toContain(sent.response.replace(/^.*queued as /, ''));
    await monitor.sendMail(alert(2)); // another alert is another message
    await waitFor(async () => (await filesIn(first.layout, 'admin')).length >= 2, 'two alerts delivered');
    monitor.close();
    const { layout } = first;
    await stopTestMtas();

    const second = await startTestMta(() => undefined, { layout });
    const after = await clientOf(second, { auth: true });
    expect((await after.sendMail(alert())).response).toMatch(/^250 /);
    after.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(await filesIn(layout, 'admin')).toHaveLength(2);
  });

  it("delivers anyone else's messages with a repeated Message-ID as sent", async () => {
    const t = await startTestMta();
    const stranger = await clientOf(t);
    await stranger.sendMail(alert());
    await stranger.sendMail(alert());
    stranger.close();
    await waitFor(async () => (await filesIn(t.layout, 'admin')).length === 2, 'both messages delivered');
  });
});
