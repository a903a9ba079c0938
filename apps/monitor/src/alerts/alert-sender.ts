/** @module Hands alerts to the MTA over SMTP in order; an alert the MTA cannot take is kept and retried. */
import nodemailer, { type Transporter } from 'nodemailer';
import type { NewEvent, UptimeEvent } from '@uptime/events';
import type { AlertMessage } from './alert-message.js';
import type { Outbox, OutboxEntry } from './outbox.js';

export interface AlertSenderOptions {
  outbox: Outbox;
  smtp: { host: string; port: number; name: string };
  recordEvent: (event: NewEvent) => Promise<UptimeEvent>;
  /** One line per notification attempt that ended (time, recipient, subject, result). */
  logNotification: (line: string) => void;
  onProblem: (message: string) => void;
  retryMs?: { first: number; max: number };
}

/** Sends alerts from the outbox, oldest first, until each is accepted. */
export class AlertSender {
  private readonly transport: Transporter;
  private queue: OutboxEntry[] = [];
  private readonly failedOnce = new Set<string>();
  private running?: Promise<void>;
  private wake?: () => void;
  private stopped = false;

  constructor(private readonly options: AlertSenderOptions) {
    const { host, port, name } = options.smtp;
    this.transport = nodemailer.createTransport({
      host,
      port,
      name,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10_000,
    });
  }

  /** Loads alerts left from an earlier run and starts sending. */
  async start(): Promise<void> {
    this.queue = await this.options.outbox.list(this.options.onProblem);
    this.running = this.loop();
  }

  /** Stores an alert on disk, then queues it for sending. */
  async enqueue(alert: AlertMessage): Promise<void> {
    this.queue.push(await this.options.outbox.put(alert));
    this.wake?.();
  }

  /** Alerts not yet accepted by the MTA. */
  get pending(): number {
    return this.queue.length;
  }

  /** Stops after the send in progress; what is left stays in the outbox for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    this.transport.close();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async loop(): Promise<void> {
    const { first, max } = this.options.retryMs ?? { first: 1000, max: 60_000 };
    let delay = first;
    while (!this.stopped) {
      const entry = this.queue[0];
      if (!entry) {
        await this.sleep(60_000);
        continue;
      }
      if (await this.send(entry)) {
        this.queue.shift();
        delay = first;
      } else {
        await this.sleep(delay);
        delay = Math.min(delay * 2, max);
      }
    }
  }

  private async send({ file, alert }: OutboxEntry): Promise<boolean> {
    const to = alert.to.join(', ');
    try {
      const info = await this.transport.sendMail(toMailOptions(alert));
      await this.options.outbox.remove(file);
      this.options.logNotification(`${new Date().toISOString()}\t${to}\t${alert.subject}\taccepted ${info.response}`);
      await this.options.recordEvent({
        code: 'ALERT_QUEUED',
        hosts: [],
        eventId: alert.eventId,
        messageId: info.messageId,
        message: `Alert "${alert.subject}" was accepted by the MTA for ${to}.`,
      });
      return true;
    } catch (err) {
      const error = (err as Error).message;
      this.options.logNotification(`${new Date().toISOString()}\t${to}\t${alert.subject}\tfailed ${error}`);
      if (!this.failedOnce.has(alert.eventId)) {
        this.failedOnce.add(alert.eventId);
        await this.options.recordEvent({
          code: 'ALERT_FAILED',
          hosts: [],
          eventId: alert.eventId,
          error,
          message: `Alert "${alert.subject}" could not be handed to the MTA (${error}); it is kept and retried.`,
        });
      }
      return false;
    }
  }
}

/** nodemailer capitalises header names its own way (X-Uptime-Event-ID); keep the contract's spelling. */
const keepContractCase = (key: string) => (key.toLowerCase() === 'x-uptime-event-id' ? 'X-Uptime-Event-Id' : key);

function toMailOptions(alert: AlertMessage) {
  return {
    normalizeHeaderKey: keepContractCase,
    from: alert.from,
    to: alert.to,
    subject: alert.subject,
    text: alert.text,
    html: alert.html,
    messageId: alert.messageId,
    headers: alert.headers,
  };
}
