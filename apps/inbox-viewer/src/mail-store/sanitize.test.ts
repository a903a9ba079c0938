import { describe, expect, it } from 'vitest';
import { sanitizeMail, sanitizeMessageHtml } from './sanitize.js';

describe('sanitizeMessageHtml', () => {
  it('removes scripts, handlers, active URLs, forms, frames and style sheets', () => {
    const out = sanitizeMessageHtml(`
      <script>alert(1)</script><p onclick="x()">hi <b>there</b></p>
      <img src="x" onerror="alert(2)"><img src="data:image/svg+xml,<svg onload=alert(3)>">
      <a href="javascript:alert(4)">js</a><a href="JaVaScRiPt:alert(5)">js2</a><a href="data:text/html,<script>">d</a>
      <a href="vbscript:x">vb</a><a href="//evil.example/">proto-relative</a>
      <form action="http://evil.example/"><input name="p"></form><iframe src="http://evil.example/"></iframe>
      <meta http-equiv="refresh" content="0;url=http://evil.example/"><base href="http://evil.example/">
      <style>body{background:url(http://evil.example/)}</style><object data="x"></object><embed src="x">
      <svg><script>alert(6)</script></svg><math><mi>x</mi></math>
      <p style="color: red; background-image: url(http://evil.example/t.png)">styled</p>
      <p style="width: expression(alert(7))">ie</p>
      <img src="http://tracker.example/pixel.gif">`);
    expect(out).not.toMatch(/<script|onerror|onclick|onload|javascript:|vbscript:|data:text|<form|<input|<iframe|<meta|<base|<style|<object|<embed|<svg|<math|url\(|expression|evil\.example|tracker/i);
    expect(out).toContain('<b>there</b>');
    expect(out).toContain('style="color:red"');
  });

  it('keeps inline data: images and makes links open outside the frame', () => {
    const out = sanitizeMessageHtml('<img src="data:image/png;base64,iVBORw0KGgo=" alt="logo"><a href="https://lab.example/x" target="_self">x</a>');
    expect(out).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="logo" referrerpolicy="no-referrer" />');
    expect(out).toContain('<a href="https://lab.example/x" target="_blank" rel="noopener noreferrer">x</a>');
  });

  it('leaves remote images out and counts them, unless the reader asked for them', () => {
    const mail = '<p>x</p><img src="https://tracker.example/p.gif"><img src="http://cdn.example/logo.png" alt="logo"><img src="cid:x">';
    expect(sanitizeMail(mail)).toEqual({ html: '<p>x</p>', blockedImages: 2 });
    const shown = sanitizeMail(mail, true);
    expect(shown.blockedImages).toBe(0);
    expect(shown.html).toContain('<img src="https://tracker.example/p.gif" referrerpolicy="no-referrer" />');
    expect(shown.html).not.toContain('cid:');
  });
});
