/**
 * @module The alert policy keys of `alerts` (SPEC.md, Configuration): `repeatInterval` (reminders while
 * down), `escalate` (more recipients after a while), `routes` (more recipients for some targets, by name
 * or `tag:NAME`) and `flapping` (Nagios's percent state change thresholds, or false).
 */
import { z } from 'zod';
import { quoted, timerDuration } from './schema-values.js';

/** An email address as alerts.to takes it. */
export const emailAddress = z.string({ error: (i) => `${quoted(i.input)} is not a string` }).refine(
  (v) => /^[^\s@<>()",;]+@[^\s@<>()",;]+$/.test(v),
  { error: (i) => `${quoted(i.input)} is not an email address` },
);

const recipients = z
  .array(emailAddress, { error: (i) => `${quoted(i.input)} is not a list of email addresses` })
  .min(1, { error: 'needs at least one recipient' });

const escalationSchema = z.strictObject({
  /** How long a target is down (and not acknowledged) before `to` is told. */
  after: timerDuration.refine((ms) => ms >= 1000, { error: 'must be at least 1s' }),
  to: recipients,
});

const routeSchema = z.strictObject({
  /** Target names or `tag:NAME`. */
  targets: z
    .array(z.string({ error: (i) => `${quoted(i.input)} is not a target name` }).min(1, { error: 'is empty; give a target name or "tag:NAME"' }), {
      error: (i) => `${quoted(i.input)} is not a list of target names`,
    })
    .min(1, { error: 'is empty; name the targets (or "tag:NAME") whose alerts these recipients get' }),
  to: recipients,
});

const percent = z
  .number({ error: (i) => `${quoted(i.input)} is not a number (a percent from 0 to 100)` })
  .min(0, { error: (i) => `${quoted(i.input)} is not a percent from 0 to 100` })
  .max(100, { error: (i) => `${quoted(i.input)} is not a percent from 0 to 100` });

const flappingSchema = z
  .union(
    [
      z.literal(false),
      z
        .strictObject({ high: percent.default(30), low: percent.default(20) })
        .refine((f) => f.low < f.high, { error: 'low must be below high (flapping starts at high and stops below low)', path: ['low'] }),
    ],
    { error: (i) => `${quoted(i.input)} is not false or { high, low } (percents)` },
  )
  .prefault({});

/** Thresholds of flap detection, in percent; false = off. */
export type FlappingConfig = false | { high: number; low: number };

/** The alert policy keys, to spread into the `alerts` object schema. */
export const alertPolicyKeys = {
  /** Repeat the DOWN email while a target stays down and unacknowledged; 0 = never. */
  repeatInterval: timerDuration.refine((ms) => ms === 0 || ms >= 1000, { error: 'must be 0 (off) or at least 1s' }).prefault(0),
  escalate: z.array(escalationSchema, { error: (i) => `${quoted(i.input)} is not a list of { after, to }` }).default([]),
  routes: z.array(routeSchema, { error: (i) => `${quoted(i.input)} is not a list of { targets, to }` }).default([]),
  flapping: flappingSchema,
};

/** Each name in alerts.routes[].targets (other than `tag:NAME`) is a configured target. */
export function checkRouteTargets(routes: ReadonlyArray<{ targets: string[] }>, targets: ReadonlyArray<{ name: string }>, ctx: z.RefinementCtx): void {
  const names = new Set(targets.map((t) => t.name));
  routes.forEach((route, i) =>
    route.targets.forEach((name, j) => {
      if (!name.startsWith('tag:') && !names.has(name)) {
        ctx.addIssue({ code: 'custom', path: ['alerts', 'routes', i, 'targets', j], message: `${quoted(name)} is not the name of a target in monitor.targets (or a "tag:NAME")` });
      }
    }),
  );
}
