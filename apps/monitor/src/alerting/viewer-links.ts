/**
 * @module Where an alert links to in the viewer: the target's row on the status page and the page to
 * acknowledge it. The base is viewer.url when it is set; otherwise http://<viewer.listen> when that is
 * loopback (people on this machine reach it), else no link at all. Pure.
 */
import { formatListen } from '@uptime/config';

/** The links of one target's alert. */
export interface TargetLinks {
  status: string;
  acknowledge: string;
}

/** The viewer settings the links come from (after config defaults: `url` is http://<listen> when unset). */
export interface ViewerSettings {
  url: string;
  listen: { host: string; port: number };
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

/** The base URL alerts link to, or undefined for none (viewer.url unset and the viewer not on loopback). */
export function viewerBase(viewer: ViewerSettings): string | undefined {
  const defaulted = viewer.url === `http://${formatListen(viewer.listen)}`;
  return defaulted && !isLoopback(viewer.listen.host) ? undefined : viewer.url;
}

/** The element id of a target on the status page (the viewer's pages/format.ts `targetAnchor`). */
export function targetAnchor(name: string): string {
  return `target-${Buffer.from(name, 'utf8').toString('base64url')}`;
}

/** The links for target `name` under `base`. */
export function targetLinks(base: string, name: string): TargetLinks {
  return { status: `${base}/status#${targetAnchor(name)}`, acknowledge: `${base}/status?ack=${encodeURIComponent(name)}` };
}
