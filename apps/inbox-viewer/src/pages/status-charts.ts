/** @module Server-drawn SVG for the status page: the bar of recent checks and the round-trip time chart. */
import { html } from 'hono/html';
import type { RecentCheck } from '../status-source.js';
import type { Markup } from './layout.js';

const SLOTS = 60;
const BAR_W = 5;
const GAP = 2;

/** One bar per recent check, oldest left: green answered, red failed, grey not yet checked. */
export function checkBar(recent: RecentCheck[]): Markup {
  const last = recent.slice(-SLOTS);
  const pad = SLOTS - last.length;
  const width = SLOTS * (BAR_W + GAP) - GAP;
  const bars = Array.from({ length: SLOTS }, (_, i) => {
    const check = i < pad ? undefined : last[i - pad];
    const cls = !check ? 'beat-none' : check.ok ? 'beat-ok' : 'beat-fail';
    const label = check ? `${check.t}: ${check.ok ? `ok${check.rttMs === null ? '' : `, ${check.rttMs.toFixed(1)} ms`}` : 'failed'}` : 'no check';
    return html`<rect x="${i * (BAR_W + GAP)}" y="0" width="${BAR_W}" height="22" rx="1.5" class="${cls}"><title>${label}</title></rect>`;
  });
  return html`<svg class="beats" viewBox="0 0 ${width} 22" role="img" aria-label="last ${last.length} checks: ${last.filter((c) => !c.ok).length} failed">${bars}</svg>`;
}

/** A line of the round-trip times of the recent checks; failed checks show as shaded gaps. */
export function rttChart(recent: RecentCheck[]): Markup {
  const last = recent.slice(-SLOTS);
  const values = last.map((c) => (c.ok ? c.rttMs : null));
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return html`<p class="muted">No round-trip times yet.</p>`;
  const [w, h, top, bottom] = [SLOTS * (BAR_W + GAP) - GAP, 70, 12, 62];
  const max = Math.max(...known) * 1.15 || 1;
  const x = (i: number) => (last.length === 1 ? w / 2 : (i / (last.length - 1)) * w);
  const y = (v: number) => bottom - (v / max) * (bottom - top);
  const segments: string[][] = [[]];
  values.forEach((v, i) => {
    if (v === null) segments.push([]);
    else segments[segments.length - 1]?.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  const runs = segments.filter((points) => points.length > 0);
  const gaps = values.flatMap((v, i) => (v === null ? [html`<rect x="${Math.max(0, x(i) - 3).toFixed(1)}" y="${top}" width="6" height="${bottom - top}" class="chart-gap"></rect>`] : []));
  const area = (points: string[]) => `${points[0]?.split(',')[0]},${bottom} ${points.join(' ')} ${points[points.length - 1]?.split(',')[0]},${bottom}`;
  const avg = known.reduce((a, b) => a + b, 0) / known.length;
  return html`<svg class="chart" viewBox="0 0 ${w} ${h}" role="img" aria-label="round-trip time, last ${last.length} checks, average ${avg.toFixed(1)} ms">
<line x1="0" y1="${bottom}" x2="${w}" y2="${bottom}" class="chart-grid"></line><line x1="0" y1="${top}" x2="${w}" y2="${top}" class="chart-grid"></line>
${gaps}${runs.map((points) => html`<polygon points="${area(points)}" class="chart-area"></polygon><polyline points="${points.join(' ')}" class="chart-line"></polyline>`)}
<text x="2" y="${top - 3}">${(max / 1.15).toFixed(1)} ms max</text><text x="${w - 2}" y="${top - 3}" text-anchor="end">avg ${avg.toFixed(1)} ms</text>
</svg>`;
}
