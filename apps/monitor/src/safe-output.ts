/** @module stdout that may go away (a pipe whose reader exits, a journal stream that breaks): checking goes on without it. */

/** A writer to `stream` that, once the stream fails (EPIPE), reports it once through `warn` and drops later text. */
export function safeOutput(stream: NodeJS.WritableStream, warn: (line: string) => void): (text: string) => void {
  let broken = false;
  stream.on('error', (err: Error) => {
    if (broken) return;
    broken = true;
    warn(`standard output failed (${err.message}); checking goes on, the lines still reach monitor.log`);
  });
  return (text) => {
    if (!broken) stream.write(text);
  };
}
