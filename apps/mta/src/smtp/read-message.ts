/** @module Reading a DATA stream into memory, up to the SIZE limit; a stream cut off is an error, never a message. */
import type { SMTPServerDataStream } from 'smtp-server';

/** The bytes of the message, or `tooBig` when it went over `limit` (the rest is drained, not kept). */
export type ReadResult = { tooBig: false; data: Buffer } | { tooBig: true; bytes: number };

/** Reads the whole stream; stops keeping bytes once more than `limit` arrived. Rejects when the client went away mid-message. */
export async function readMessage(stream: SMTPServerDataStream, limit: number): Promise<ReadResult> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes <= limit) chunks.push(chunk);
    else chunks.length = 0;
  }
  if (!stream.readableEnded) throw new Error('the client closed the connection during DATA');
  if (bytes > limit || stream.sizeExceeded) return { tooBig: true, bytes };
  return { tooBig: false, data: Buffer.concat(chunks, bytes) };
}
