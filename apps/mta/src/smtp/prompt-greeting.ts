/**
 * @module The SMTP server's connections: greeted at once (smtp-server waits 100 ms, Postfix does not), every
 * reply passed through rewriteReply, and each session held to its limits (admission, session time, DATA rate,
 * the reserved places), with refusals, timeouts and lost connections logged one line each.
 */
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';
import { isLoopbackHost } from './loopback.js';
import { rewriteReply, type CommandRefusal } from './replies.js';
import { clientName } from './session-log.js';
import type { Admission } from './client-admission.js';
import { BEFORE_TRUSTED_AUTH, dataAllowance, RESERVED_AUTH_TIMEOUT, type SessionLimits } from './session-limits.js';

/** The parts of smtp-server's connection this file relies on (smtp-server 3.21). */
interface ConnectionInternals {
  _setListeners(callback: () => void): void;
  connectionReady(): void;
  send(code: number, text: string | string[], context?: string | false): void;
  close(): void;
  _onCommand(command: Buffer, callback: () => void): void;
  _onTimeout(): void;
  _onCloseEvent(hadError: boolean): void;
  _armTimeout(): void;
  handler_DATA(command: Buffer, callback: () => void): void;
  name: string;
  remoteAddress: string;
  session: SMTPServerSession;
  _socket: Socket;
  _closing: boolean;
  _closed: boolean;
  _nextHandler: unknown;
  _parser: { dataBytes: number; _dataMode: boolean } | false;
}

/** The parts of smtp-server's server this file relies on. */
interface ServerInternals {
  options: { name?: string; maxClients?: number; refusal?: CommandRefusal; socketTimeout?: number; limits?: SessionLimits };
  connections: Set<SMTPConnection>;
  _onError(err: Error): void;
  _onClientConnect(data: unknown): void;
}

/** Socket errors that only mean the client went away (logged as a lost connection, not as an error). */
const GONE = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH']);

const proto = SMTPConnection.prototype as unknown as ConnectionInternals;

/** A connection that greets as soon as its socket is set up and keeps to the server's SessionLimits. */
class PromptConnection extends SMTPConnection {
  /** The last command given (CONNECT before any), for "timeout after RCPT". */
  private lastCommand = 'CONNECT';
  /** What an idle or other timeout being handled is, so its 421 is logged as such. */
  private dropping?: string;
  private trusted = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly owner: PromptSmtpServer,
    socket: Socket,
    options: unknown,
    /** The place admission gave this session (none when the server has no limits). */
    private place?: 'normal' | 'reserved',
  ) {
    super(owner as never, socket, options as never);
  }

  private get self(): ConnectionInternals {
    return this as unknown as ConnectionInternals;
  }

  private get limits(): SessionLimits | undefined {
    return this.owner.internals.options.limits;
  }

  private get client(): string {
    return clientName(this.self.remoteAddress);
  }

  override send(code: number, text: string | string[], context?: string | false): void {
    const { session } = this.self;
    const reply = rewriteReply({ code, text, context }, session, this.owner.internals.options.refusal);
    proto.send.call(this, reply.code, reply.text, reply.context);
    const line = Array.isArray(reply.text) ? reply.text.join(' ') : reply.text;
    if (code === 235) this.authenticated();
    else if (code === 421 && this.dropping) this.limits?.log.line(`${this.dropping} after ${this.lastCommand} from ${this.client}`);
    else if (code >= 400) this.limits?.log.line(`reject: ${this.lastCommand} from ${this.client}: ${reply.code} ${line}`);
  }

  override init(): void {
    this.self._setListeners(() => {
      const limits = this.limits;
      if (!limits || !this.place) return this.self.connectionReady();
      this.self._socket.once('close', () => this.released());
      this.owner.stressChanged();
      if (this.place === 'reserved') this.after(RESERVED_AUTH_TIMEOUT, 'timeout (no authentication on a reserved place)', '4.7.0 Error: the connection limit is reached');
      else this.after(limits.sessionTimeout, 'timeout (session time limit)', '4.4.2 Error: session time limit exceeded');
      this.self.connectionReady();
    });
  }

  override _onCommand(command: Buffer, callback: () => void): void {
    const name = (command || '').toString().split(' ', 1)[0]?.toUpperCase() ?? '';
    if (!this.self._nextHandler) this.lastCommand = /^[A-Z]{1,12}$/.test(name) ? name : 'UNKNOWN';
    if (this.place === 'reserved' && !this.trusted && !this.self._nextHandler && !BEFORE_TRUSTED_AUTH.has(name)) {
      this.dropping = 'reject (reserved place without authentication)';
      proto.send.call(this, 421, '4.7.0 Error: the connection limit is reached; only the appliance\'s own submission may go on', false);
      return callback();
    }
    proto._onCommand.call(this, command, callback);
  }

  override _onTimeout(): void {
    this.dropping = 'timeout';
    proto._onTimeout.call(this);
    this.dropping = undefined;
  }

  override _onCloseEvent(hadError: boolean): void {
    const { _closing: closing, _closed: closed } = this.self;
    if (!closing && !closed && this.place) this.limits?.log.line(`lost connection after ${this.lastCommandWithBytes()} from ${this.client}`);
    proto._onCloseEvent.call(this, hadError);
  }

  /** Refuses DATA while beforeData says so (the free-space floor); then watches the data rate. */
  override handler_DATA(command: Buffer, callback: () => void): void {
    const check = this.limits?.beforeData?.() ?? Promise.resolve(undefined);
    void check.then(
      (refusal) => {
        if (refusal) {
          this.send(refusal.responseCode, refusal.message, false);
          return callback();
        }
        proto.handler_DATA.call(this, command, callback);
        this.watchDataRate(Date.now());
      },
      () => proto.handler_DATA.call(this, command, callback),
    );
  }

  /** A socket error: the client going away is a lost connection (logged on close), anything else goes to the server. */
  onSocketError(err: NodeJS.ErrnoException): boolean {
    return GONE.has(err.code ?? '');
  }

  private lastCommandWithBytes(): string {
    const parser = this.self._parser;
    return this.lastCommand === 'DATA' && parser ? `DATA (${parser.dataBytes} bytes)` : this.lastCommand;
  }

  /** Cuts a DATA that falls behind mta.minDataRate (after one idle timeout of grace). */
  private watchDataRate(started: number): void {
    const limits = this.limits;
    const parser = this.self._parser;
    if (!limits || !parser || !parser._dataMode || this.trusted) return;
    const check = () => {
      if (!parser._dataMode || this.self._closing || this.self._closed) return;
      const allowed = dataAllowance(parser.dataBytes, limits, this.owner.idleTimeout);
      const left = started + allowed - Date.now();
      if (left > 0) return this.timers.push(setTimeout(check, Math.max(left, 100)));
      this.drop(`timeout (DATA slower than ${limits.minDataRate} bytes/s: ${parser.dataBytes} bytes)`, '4.4.2 Error: data rate too low, closing connection');
    };
    check();
  }

  private after(ms: number, why: string, text: string): void {
    this.timers.push(setTimeout(() => this.drop(why, text), ms));
  }

  private drop(why: string, text: string): void {
    if (this.self._closing || this.self._closed) return;
    this.dropping = why;
    this.send(421, text, false);
    this.dropping = undefined;
  }

  private authenticated(): void {
    const user = this.self.session.user;
    const trustedUser = this.limits?.trustedUser;
    this.trusted = trustedUser !== undefined && user === trustedUser;
    if (this.trusted) {
      for (const timer of this.timers.splice(0)) clearTimeout(timer);
    } else if (this.place === 'reserved') {
      this.drop('reject (reserved place for another user)', '4.7.0 Error: the connection limit is reached');
    }
  }

  private released(): void {
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
    if (this.place) this.limits?.admission.release(this.self.remoteAddress, this.place);
    this.place = undefined;
    this.owner.stressChanged();
  }
}

/** Turns a client away over a limit before any session is set up for it (a flood of them stays cheap). */
function refuse(socket: Socket, admission: Extract<Admission, { kind: 'refused' }>, limits: SessionLimits, name: string): void {
  const client = clientName(socket.remoteAddress);
  const what = admission.reason === 'client' ? `too many connections from ${client}` : 'Too many connected clients';
  limits.log.line(`warning: connection ${admission.reason === 'client' ? 'concurrency limit' : 'limit'} exceeded: ${admission.count} from ${client}`);
  socket.on('error', () => undefined);
  socket.setTimeout(3_000, () => socket.destroy());
  socket.end(`421 4.7.0 ${name} Error: ${what}, try again later\r\n`);
}

/** True when the smtp-server in use still has the internals PromptConnection needs. */
const supported = ['_setListeners', 'connectionReady', 'send', '_onCommand', '_onTimeout', '_onCloseEvent', '_armTimeout', 'handler_DATA'].every(
  (m) => typeof (SMTPConnection.prototype as unknown as Record<string, unknown>)[m] === 'function',
);

/** An SMTPServer whose connections greet without the 100 ms wait and keep to `options.limits` (the stock behaviour when the internals differ). */
export class PromptSmtpServer extends SMTPServer {
  private stressed = false;

  get internals(): ServerInternals {
    return this as unknown as ServerInternals;
  }

  /** The idle timeout now: mta.idleTimeout, or the stress one while the server is under stress. */
  get idleTimeout(): number {
    return this.internals.options.socketTimeout ?? 300_000;
  }

  override connect(socket: Socket, socketOptions: unknown): void {
    const server = this.internals;
    if (!supported || typeof server._onClientConnect !== 'function') return super.connect(socket as never, socketOptions as never);
    const { limits } = server.options;
    const admission = limits?.admission.admit(socket.remoteAddress ?? '', isLoopbackHost(socket.remoteAddress) && limits.trustedUser !== undefined);
    if (admission?.kind === 'refused') return refuse(socket, admission, limits as SessionLimits, server.options.name ?? '');
    const connection = new PromptConnection(this, socket, socketOptions, admission?.kind);
    server.connections.add(connection);
    connection.on('error', (err: NodeJS.ErrnoException) => {
      if (!connection.onSocketError(err)) server._onError(err);
    });
    connection.on('connect', (data: unknown) => server._onClientConnect(data));
    connection.init();
  }

  /** Enters or leaves stress (as Postfix's stress mode): on entering, every session gets the shorter idle timeout. */
  stressChanged(): void {
    const { limits } = this.internals.options;
    if (!limits || limits.admission.stressed === this.stressed) return;
    this.stressed = !this.stressed;
    this.internals.options.socketTimeout = this.stressed ? Math.min(limits.idleTimeout, limits.stressIdleTimeout) : limits.idleTimeout;
    if (!this.stressed) return; // sessions keep the timeout they have; new ones get the normal one
    limits.log.line(`warning: ${this.internals.connections.size} sessions: under stress, idle timeout ${this.idleTimeout} ms`);
    for (const connection of this.internals.connections) {
      const internals = connection as unknown as ConnectionInternals;
      if (!internals._closing && !internals._closed) internals._armTimeout();
    }
  }
}
