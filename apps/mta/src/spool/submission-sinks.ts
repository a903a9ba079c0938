/** @module Message sinks for the appliance's own submissions: one that drops a message already queued, one that remembers what it queued. */
import type { MessageSink } from '../accepted-message.js';

/** A sink for a message queued before as `queueId`: its bytes are read and dropped, and the client is told it is queued. */
export function alreadyQueued(queueId: string): MessageSink {
  return {
    write: async () => undefined,
    commit: async () => queueId,
    abort: async () => undefined,
  };
}

/** `sink`, with `remember(queueId)` run once the message is queued and before the client is told so. */
export function recordingId(sink: MessageSink, remember: (queueId: string) => Promise<void>): MessageSink {
  return {
    write: (chunk) => sink.write(chunk),
    abort: () => sink.abort(),
    async commit() {
      const queueId = await sink.commit();
      // a failure to remember only risks one alert twice: the message is queued and stays so
      await remember(queueId).catch(() => undefined);
      return queueId;
    },
  };
}
