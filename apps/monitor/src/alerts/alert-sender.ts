/**
 * @module Hands alerts to the MTA over SMTP, oldest first, several at a time (those of one target one
 * after the other: see send-order); an alert the MTA cannot take is kept and retried.
 */
import nodemailer, { type SentMessageInfo, type Transporter } from 'nodemailer';
import type { NewEvent, UptimeEvent } from '@uptime/events';
import type { AlertMessage } from './alert-message.js';
import type { Outbox, OutboxEntry } from './outbox.js';
import { SEND_CONCURRENCY, startable } from './send-order.js';

export interface AlertSenderOptions {
  outbox: Outbox;
  /** The MTA and the monitor's submission credentials; `tls` makes STARTTLS required (`ca`: a PEM to trust). */
  smtp: { host: string; port: number; name: string; auth?: { user: string; pass: string }; tls?: { ca?: string } };
  recordEvent: (event: NewEvent) => Promise<UptimeEvent>;
  /** One line per notification attempt that ended (time, recipient, subject, result). */
  logNotification: (line: string) => void;
  /** Hears of every attempt: accepted by the MTA or not (for the metrics). */
  onOutcome?: (accepted: boolean) => void;
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
  /** The alerts of the queue being handed to the MTA now. */
  private readonly inFlight = new Set<OutboxEntry>();
  /** Events being recorded, waited for by stop(). */
  private readonly recording = new Set<Promise<void>>();

  constructor(private readonly options: AlertSenderOptions) {
    const { host, port, name, auth, tls } = options.smtp;
    this.transport = nodemailer.createTransport({
      host,
      port,
      name,
      auth,
      secure: false,
      ...(tls ? { requireTLS: true, tls: { ca: tls.ca, servername: host } } : { ignoreTLS: true }),
      pool: true, // connections kept open: a storm of alerts is not a storm of connections
      maxConnections: SEND_CONCURRENCY,
      maxMessages: Infinity,
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

  /** Queues an alert already in the outbox (a completed pending transition), in the outbox's order. */
  enqueueStored(entry: OutboxEntry): void {
    let at = this.queue.length;
    while (at > 0 && (this.queue[at - 1] as OutboxEntry).file > entry.file) at -= 1;
    this.queue.splice(at, 0, entry);
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
    await Promise.all(this.recording);
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

  /**
   * Keeps up to SEND_CONCURRENCY alerts in flight while more than that are queued (else one), in the order send-order allows. An alert the MTA could
   * not take stays in the queue where it was; nothing new starts until the retry delay has passed, and
   * then one at a time, twice as many after each alert taken (an MTA that allows fewer sessions, or is
   * back from a restart, is not met with a burst of refusals).
   */
  private async loop(): Promise<void> {
    const { first, max } = this.options.retryMs ?? { first: 1000, max: 60_000 };
    let delay = first;
    let retryAt = 0;
    let limit = SEND_CONCURRENCY;
    const done: Array<{ entry: OutboxEntry; sent: 'sent' | 'given-up' | 'retry' }> = [];
    const flights = new Set<Promise<void>>();
    while (!this.stopped || flights.size > 0) {
      for (const { entry, sent } of done.splice(0)) {
        if (sent === 'retry') {
          limit = 1;
          if (retryAt > 0) continue; // the sends in flight when the MTA stopped taking alerts: one delay for all
          retryAt = performance.now() + delay;
          delay = Math.min(delay * 2, max);
        } else {
          limit = Math.min(SEND_CONCURRENCY, limit * 2);
          const at = this.queue.indexOf(entry);
          if (at !== -1) this.queue.splice(at, 1);
          if (retryAt === 0) delay = first;
        }
      }
      const waitMs = retryAt - performance.now();
      if (waitMs <= 0) retryAt = 0;
      // a few alerts go one after the other, in the outbox's order; a storm of them side by side
      const most = this.queue.length > SEND_CONCURRENCY ? limit : 1;
      const start = this.stopped || retryAt > 0 ? [] : startable(this.queue, this.inFlight, most);
      for (const entry of start) {
        this.inFlight.add(entry);
        const flight: Promise<void> = this.send(entry).catch(() => 'retry' as const).then((sent) => {
          done.push({ entry, sent });
          this.inFlight.delete(entry);
          flights.delete(flight);
          this.wake?.();
        });
        flights.add(flight);
      }
      if (done.length > 0) continue;
      // wait for a send to end, a new alert, stop(), or the end of the retry delay
      await this.sleep(retryAt > 0 ? Math.max(1, waitMs) : 60_000);
    }
  }

  /**
   * Hands one alert to the MTA. Once the MTA has accepted it, it counts as sent whatever happens next:
   * a failure to remove its outbox file or to record ALERT_QUEUED is reported, never a reason to send
   * it again. The event is recorded without waiting, so that the events of a storm of alerts are
   * written together while the next alerts go out; stop() waits for them.
   */
  private async send({ file, alert }: OutboxEntry): Promise<'sent' | 'given-up' | 'retry'> {
    const to = alert.to.join(', ');
    let info: SentMessageInfo;
    try {
      info = await this.transport.sendMail(toMailOptions(alert));
    } catch (err) {
      const error = (err as Error).message;
      this.options.logNotification(`${new Date().toISOString()}\t${to}\t${alert.subject}\tfailed ${error}`);
      this.options.onOutcome?.(false);
      if (isPermanent(err)) return this.giveUp(file, alert, error);
      if (!this.failedOnce.has(alert.eventId)) {
        this.failedOnce.add(alert.eventId);
        this.record({
          code: 'ALERT_FAILED',
          hosts: [],
          eventId: alert.eventId,
          error,
          message: `Alert "${alert.subject}" could not be handed to the MTA (${error}); it is kept and retried.`,
        });
      }
      return 'retry';
    }
    this.options.logNotification(`${new Date().toISOString()}\t${to}\t${alert.subject}\taccepted ${info.response}`);
    this.options.onOutcome?.(true);
    await this.options.outbox
      .remove(file)
      .catch((err: Error) => this.options.onProblem(`sent alert ${file} could not be removed from the outbox (${err.message}); it may be sent again at the next start`));
    this.record({
      code: 'ALERT_QUEUED',
      hosts: [],
      eventId: alert.eventId,
      messageId: info.messageId,
      message: `Alert "${alert.subject}" was accepted by the MTA for ${to}.`,
    });
    return 'sent';
  }

  /**
   * An alert the MTA refused for good (a 5xx: a recipient that is no mailbox any more) would be refused
   * at every try and hold back every alert after it: it is moved to the outbox's `refused/` folder,
   * recorded as ALERT_FAILED with the MTA's reply, and the next alert goes out.
   */
  private async giveUp(file: string, alert: AlertMessage, error: string): Promise<'given-up'> {
    const kept = await this.options.outbox.setAside(file, 'refused').then(
      (path) => `kept in ${path}`,
      (err: Error) => `it stays in the outbox, skipped until the next start (it could not be moved aside: ${err.message})`,
    );
    this.options.onProblem(`alert "${alert.subject}" was refused by the MTA for good (${error}); ${kept}; later alerts go on`);
    this.record({
      code: 'ALERT_FAILED',
      hosts: [],
      eventId: alert.eventId,
      error,
      message: `Alert "${alert.subject}" was refused by the MTA for good (${error}); it is not retried (${kept}).`,
    });
    return 'given-up';
  }

  /** Records an event in the background; stop() waits for it. */
  private record(event: NewEvent): void {
    const recorded = this.options
      .recordEvent(event)
      .then(
        () => undefined,
        (err: Error) => this.options.onProblem(`${event.code} event not recorded: ${err.message}`),
      )
      .finally(() => this.recording.delete(recorded));
    this.recording.add(recorded);
  }
}

/** A refusal that trying again cannot change: an SMTP 5xx reply (nodemailer's `responseCode`). */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
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
