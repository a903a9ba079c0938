/** @module The replies smtp-server sends, made Postfix-like: enhanced status codes never doubled, refused commands as 502 5.5.2 (or what the MTA says instead). */
import type { SMTPServerSession } from 'smtp-server';
import { SmtpError } from '../errors.js';

/** Why a command that is off for this session is refused; undefined means "not recognized". */
export type CommandRefusal = (command: string, session: SMTPServerSession) => SmtpError | undefined;

/** A reply as smtp-server's `send(code, text, context)` takes it; context false means "no enhanced code added". */
export interface Reply {
  code: number;
  text: string | string[];
  context?: string | false;
}

/** smtp-server's answer to a command it has no handler for or that is disabled (smtp-server 3.21). */
const NOT_RECOGNIZED = 'Error: command not recognized';

/** 502 5.5.2, as Postfix answers any command it does not offer. */
export function unknownCommand(): SmtpError {
  return new SmtpError(502, '5.5.2', 'UNKNOWN_COMMAND', 'Error: command not recognized');
}

/** The reply to send instead of `reply`: texts that carry their own enhanced code get no second one; refused commands are 502 or `refusal`'s error. */
export function rewriteReply(reply: Reply, session: SMTPServerSession, refusal?: CommandRefusal): Reply {
  if (reply.code === 500 && reply.text === NOT_RECOGNIZED && typeof reply.context === 'string') {
    const err = refusal?.(reply.context, session) ?? unknownCommand();
    return { code: err.responseCode, text: err.message, context: false };
  }
  if (typeof reply.text === 'string' && /^[245]\.\d{1,3}\.\d{1,3} /.test(reply.text)) return { ...reply, context: false };
  return reply;
}
