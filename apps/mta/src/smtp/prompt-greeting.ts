/** @module smtp-server waits 100 ms before it greets each client (to catch early talkers); Postfix greets at once. This server greets at once, and passes every reply through rewriteReply. */
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';
import { rewriteReply, type CommandRefusal } from './replies.js';

/** The parts of smtp-server's connection this file relies on (smtp-server 3.21). */
interface ConnectionInternals {
  _setListeners(callback: () => void): void;
  connectionReady(): void;
  send(code: number, text: string | string[], context?: string | false): void;
  name: string;
  session: SMTPServerSession;
}

/** The parts of smtp-server's server this file relies on. */
interface ServerInternals {
  options: { maxClients?: number; refusal?: CommandRefusal };
  connections: Set<SMTPConnection>;
  _onError(err: Error): void;
  _onClientConnect(data: unknown): void;
}

/** A connection that sends its 220 greeting as soon as the socket is set up. */
class PromptConnection extends SMTPConnection {
  constructor(
    private readonly owner: ServerInternals,
    socket: Socket,
    options: unknown,
  ) {
    super(owner as never, socket, options as never);
  }

  override send(code: number, text: string | string[], context?: string | false): void {
    const reply = rewriteReply({ code, text, context }, (this as unknown as ConnectionInternals).session, this.owner.options.refusal);
    (SMTPConnection.prototype as unknown as ConnectionInternals).send.call(this, reply.code, reply.text, reply.context);
  }

  override init(): void {
    const self = this as unknown as ConnectionInternals;
    self._setListeners(() => {
      const { maxClients } = this.owner.options;
      if (maxClients && this.owner.connections.size > maxClients) {
        self.send(421, `${self.name} Too many connected clients, try again in a moment`, false);
        return;
      }
      self.connectionReady();
    });
  }
}

/** True when the smtp-server in use still has the internals PromptConnection needs. */
const supported = ['_setListeners', 'connectionReady', 'send'].every((m) => typeof (SMTPConnection.prototype as unknown as Record<string, unknown>)[m] === 'function');

/** An SMTPServer whose connections greet without the 100 ms wait (the stock behaviour when the internals differ). */
export class PromptSmtpServer extends SMTPServer {
  override connect(socket: Socket, socketOptions: unknown): void {
    const server = this as unknown as ServerInternals;
    if (!supported || typeof server._onClientConnect !== 'function') return super.connect(socket as never, socketOptions as never);
    const connection = new PromptConnection(server, socket, socketOptions);
    server.connections.add(connection);
    connection.on('error', (err: Error) => server._onError(err));
    connection.on('connect', (data: unknown) => server._onClientConnect(data));
    connection.init();
  }
}
