/** @module Receiving DATA into a MessageSink as it arrives: the header section is gathered (up to a limit), the body streamed; nothing is kept whole in memory. */
import type { SMTPServerDataStream } from 'smtp-server';
import type { MessageSink } from '../accepted-message.js';
import { headerTooBig } from '../errors.js';
import { HeaderScanner } from './header-scanner.js';

/** The longest header section taken (Postfix's header_size_limit is 100 KB; this is generous). */
export const HEADER_LIMIT = 1024 * 1024;

/** How a DATA ended: queued under an id, or over `limit` (the rest drained, nothing kept). */
export type ReceiveResult = { tooBig: false; queueId: string } | { tooBig: true; bytes: number };

/**
 * Reads the stream to its end, handing the header section to `open` once it is complete and every later
 * chunk to the sink. A failure (the sink's, a header over HEADER_LIMIT) drops the message but still drains
 * the stream, so the client gets its reply; a client that went away is an error, never a message.
 */
export async function receiveMessage(stream: SMTPServerDataStream, limit: number, open: (header: Buffer) => Promise<MessageSink>): Promise<ReceiveResult> {
  const scanner = new HeaderScanner();
  let head: Buffer[] = [];
  let headBytes = 0;
  let bytes = 0;
  let sink: MessageSink | undefined;
  let failure: unknown;
  const fail = async (err: unknown) => {
    failure = err;
    head = [];
    await sink?.abort();
    sink = undefined;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (failure !== undefined) continue;
      if (bytes > limit) {
        await fail('too big');
        continue;
      }
      try {
        if (sink) {
          await sink.write(chunk);
          continue;
        }
        const end = scanner.push(chunk);
        head.push(end === -1 ? chunk : chunk.subarray(0, end));
        headBytes += end === -1 ? chunk.length : end;
        if (headBytes > HEADER_LIMIT) throw headerTooBig(HEADER_LIMIT);
        if (end === -1) continue;
        sink = await open(Buffer.concat(head, headBytes));
        head = [];
        if (end < chunk.length) await sink.write(chunk.subarray(end));
      } catch (err) {
        await fail(err);
      }
    }
    if (!stream.readableEnded) throw new Error('the client closed the connection during DATA');
    if (failure === 'too big' || stream.sizeExceeded) return { tooBig: true, bytes };
    if (failure !== undefined) throw failure;
    sink ??= await open(Buffer.concat(head, headBytes)); // no empty line: the message is all header
    const queueId = await sink.commit();
    sink = undefined;
    return { tooBig: false, queueId };
  } catch (err) {
    await sink?.abort();
    throw err;
  }
}
