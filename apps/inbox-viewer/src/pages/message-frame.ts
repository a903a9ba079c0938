/** @module The document shown inside a message's sandboxed iframe: the sanitized HTML, under its own strict policy. */
import { messageFramePolicy } from '../security/security-headers.js';

const FRAME_STYLE = 'body{font:15px/1.45 system-ui,sans-serif;color:#1d2330;background:#fff;margin:8px;overflow-wrap:break-word}img{max-width:100%;height:auto}';

/** The answer of `/messages/:id/body`: sanitized HTML that cannot run, submit or (unless asked) load anything. */
export function messageFrameResponse(sanitizedHtml: string, remoteImages: boolean): Response {
  const doc = `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><style>${FRAME_STYLE}</style></head><body>${sanitizedHtml}</body></html>`;
  return new Response(doc, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': messageFramePolicy(remoteImages),
      'X-Frame-Options': 'SAMEORIGIN',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    },
  });
}
