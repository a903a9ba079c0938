/** @module A minimal DKIM verifier (rsa-sha256, relaxed/relaxed, RFC 6376) to check what the MTA signs. */
import { createHash, createPublicKey, verify } from 'node:crypto';

const relaxHeader = (name: string, value: string) => `${name.toLowerCase()}:${value.replace(/\r?\n/g, '').replace(/[ \t]+/g, ' ').trim()}`;

function relaxBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? `${lines.join('\r\n')}\r\n` : '';
}

/** Checks the first DKIM-Signature of `message` (CRLF line ends) against the public key in `publicKeyDer` (SPKI, base64 as in p=). */
export function verifyDkim(message: string, publicKeyBase64: string): { ok: boolean; tags: Record<string, string> } {
  const split = message.indexOf('\r\n\r\n');
  const head = message.slice(0, split + 2);
  const body = message.slice(split + 4);
  const fields = head.split(/\r\n(?![ \t])/).filter(Boolean).map((f) => {
    const colon = f.indexOf(':');
    return { name: f.slice(0, colon).trim(), value: f.slice(colon + 1), raw: f };
  });
  const signature = fields.find((f) => f.name.toLowerCase() === 'dkim-signature');
  if (!signature) return { ok: false, tags: {} };
  const tags = Object.fromEntries(
    signature.value
      .replace(/\s+/g, '')
      .split(';')
      .filter(Boolean)
      .map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)]),
  );
  const bodyHash = createHash('sha256').update(relaxBody(body)).digest('base64');
  if (bodyHash !== tags.bh) return { ok: false, tags };
  const used = new Set<number>();
  const signed = (tags.h ?? '').split(':').map((name) => {
    for (let i = fields.length - 1; i >= 0; i -= 1) {
      const field = fields[i];
      if (field && !used.has(i) && field.name.toLowerCase() === name.toLowerCase() && field !== signature) {
        used.add(i);
        return `${relaxHeader(field.name, field.value)}\r\n`;
      }
    }
    return '';
  });
  const unsignedSig = relaxHeader(signature.name, signature.value.replace(/(\bb=)[^;]*/, '$1'));
  const data = signed.join('') + unsignedSig;
  const key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
  return { ok: verify('sha256', Buffer.from(data), key, Buffer.from((tags.b ?? '').replace(/\s+/g, ''), 'base64')), tags };
}
