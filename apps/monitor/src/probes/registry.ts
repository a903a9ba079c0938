/** @module Chooses the probe for a target's `probe` kind, one instance per kind. */
import type { TargetConfig } from '@uptime/config';
import type { Probe } from './probe.js';
import { createIcmpProbe } from './icmp-probe.js';
import { createTcpProbe } from './tcp-probe.js';
import { createHttpProbe } from './http-probe.js';
import { createTlsProbe } from './tls-probe.js';
import { createDnsProbe } from './dns-probe.js';

type ProbeKind = TargetConfig['probe'];

const factories: Record<ProbeKind, (onProblem: (message: string) => void) => Probe> = {
  icmp: createIcmpProbe,
  tcp: createTcpProbe,
  http: createHttpProbe,
  tls: createTlsProbe,
  dns: createDnsProbe,
};

/** Holds one probe per kind, created on first use. */
export class ProbeRegistry {
  private readonly probes = new Map<ProbeKind, Probe>();

  /** `onProblem` hears of trouble that is no one check's (a socket that fails). */
  constructor(private readonly onProblem: (message: string) => void = () => undefined) {}

  /** The probe for `kind`. */
  get(kind: ProbeKind): Probe {
    let probe = this.probes.get(kind);
    if (!probe) {
      probe = factories[kind](this.onProblem);
      this.probes.set(kind, probe);
    }
    return probe;
  }

  /** Closes every probe that was opened. */
  close(): void {
    for (const probe of this.probes.values()) probe.close();
    this.probes.clear();
  }
}
