/** @module Test helper: a small mail store with ordinary, seen, encoded and hostile messages. */
import type { DataLayout } from '@uptime/config';
import { compose, deliver } from './maildir-fixture.js';

/** A 1x1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** HTML that tries everything a sanitizer must stop. */
export const HOSTILE_HTML = `<p>Hello <b>admin</b></p><script>alert('s')</script>
<img src="x" onerror="alert('e')"><img src="cid:logo@lab">
<a href="javascript:alert('j')">click</a><a href="https://lab.example/ok">ok link</a>
<iframe src="https://evil.example/"></iframe><form action="https://evil.example/"><input name="pw"></form>
<svg onload="alert('v')"></svg><style>*{color:red}</style><meta http-equiv="refresh" content="0">`;

/** Delivers four messages; returns their unique names, oldest first. */
export async function sampleMail(layout: DataLayout): Promise<Record<'down' | 'up' | 'encoded' | 'hostile', string>> {
  const t = (minute: number) => new Date(Date.UTC(2026, 10, 21, 10, minute));
  const down = await deliver(
    layout,
    await compose({ from: 'Uptime <uptime@localhost>', to: 'admin@localhost', subject: '[uptime] gateway 192.0.2.1 is DOWN', text: 'gateway is down', date: t(0) }),
    { mailbox: 'admin', at: t(0), folder: 'cur', flags: 'S' },
  );
  const up = await deliver(
    layout,
    await compose({ from: 'Uptime <uptime@localhost>', to: 'admin@localhost', subject: '[uptime] gateway 192.0.2.1 is UP', text: 'gateway is up', date: t(5) }),
    { mailbox: 'admin', at: t(5) },
  );
  const encoded = await deliver(
    layout,
    await compose({ from: 'Jörg Bäcker <joerg@lab>', to: 'ops.team@localhost', subject: 'Grüße aus dem Labor', text: 'Hallo', date: t(2) }),
    { mailbox: 'ops.team', at: t(2) },
  );
  const hostile = await deliver(
    layout,
    await compose({
      from: '"Mallory <script>alert(1)</script>" <mallory@evil.example>',
      to: 'admin@localhost',
      cc: 'boss@localhost',
      subject: '<img src=x onerror=alert(1)> invoice',
      text: 'see <b>attached</b>',
      html: HOSTILE_HTML,
      date: t(9),
      attachments: [
        { filename: '"><script>alert(2)</script>.txt', content: 'hello attachment', contentType: 'text/plain' },
        { filename: 'logo.png', content: PNG, contentType: 'image/png', cid: 'logo@lab' },
      ],
    }),
    { mailbox: 'admin', at: t(9) },
  );
  return { down, up, encoded, hostile };
}
