/** @module The raw source and the attachments of a message, as downloads that never render in the viewer's origin. */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { HTTPException } from 'hono/http-exception';
import type { MailStore } from '../mail-store/mail-store.js';
import { withMessageFile } from '../message-lookup.js';
import { disposition } from './content-disposition.js';
import { DOWNLOAD_POLICY } from '../security/security-headers.js';

const headers = (type: string, kind: 'inline' | 'attachment', name: string) => ({
  'Content-Type': type,
  'Content-Disposition': disposition(kind, name),
  'Content-Security-Policy': DOWNLOAD_POLICY,
  'Cache-Control': 'no-store',
});

/** The message file as it is on disk, shown as plain text (or downloaded as .eml). */
export function rawResponse(store: MailStore, id: string, download: boolean): Promise<Response> {
  return withMessageFile(store, id, async (file) => {
    const handle = await open(file.path, constants.O_RDONLY | constants.O_NOFOLLOW);
    const stream = handle.createReadStream();
    const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
    const name = `${file.unique}.eml`;
    return new Response(body, { headers: download ? headers('message/rfc822', 'attachment', name) : headers('text/plain; charset=utf-8', 'inline', name) });
  });
}

/** One attachment, by its position in the message, always as a download. */
export function attachmentResponse(store: MailStore, id: string, indexText: string): Promise<Response> {
  return withMessageFile(store, id, async (file) => {
    const parsed = await store.parsed.parse(file);
    const index = /^\d{1,4}$/.test(indexText) ? Number(indexText) : -1;
    const attachment = parsed.attachments[index];
    if (!attachment) throw new HTTPException(404, { message: `message ${id} has no attachment ${JSON.stringify(indexText.slice(0, 20))}` });
    return new Response(new Uint8Array(attachment.content), { headers: headers('application/octet-stream', 'attachment', attachment.filename ?? `attachment-${index}`) });
  });
}
