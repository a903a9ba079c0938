/** @module Layered config: defaults < config file < .env < environment < command-line flags. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError, formatKeyPath } from './config-error.js';
import { configSchema, type AppConfig } from './schema.js';
import { dataLayout, type DataLayout } from './layout.js';

/** Values given on the command line; they win over every other layer. */
export interface ConfigFlags {
  config?: string;
  dataDir?: string;
  interval?: string;
  timeout?: string;
  target?: string[];
}

export interface LoadOptions {
  flags?: ConfigFlags;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface LoadedConfig {
  config: AppConfig;
  /** The config file that was read, if any. */
  configPath?: string;
  layout: DataLayout;
  /** The environment with `.env` underneath it, for the variables a part reads itself. */
  env: Record<string, string | undefined>;
}

type Raw = Record<string, unknown>;

function section(raw: Raw, ...keys: string[]): Raw {
  let node = raw;
  for (const key of keys) {
    const next = node[key];
    if (next === undefined || next === null) node[key] = {};
    else if (typeof next !== 'object' || Array.isArray(next)) return {}; // the schema reports the bad type
    node = node[key] as Raw;
  }
  return node;
}

function readConfigFile(path: string): Raw {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`config file ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  let doc: unknown;
  try {
    doc = parseConfigText(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` line ${err.linePos[0].line}` : '';
    throw new ConfigError([`config file ${path}:${where} is not valid YAML: ${(err as Error).message.split('\n')[0]}`]);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ConfigError([`config file ${path}: the top level must be a mapping of keys (dataDir, monitor, alerts, mta, viewer)`]);
  }
  return doc as Raw;
}

/**
 * YAML, with JSON (a subset of it, same meaning) read by JSON.parse: the yaml library builds a document
 * tree first, which for a generated file of 20,000 targets costs a second and 100 MB at start.
 */
function parseConfigText(text: string): unknown {
  if (/^\s*\{/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // not JSON after all (a YAML flow mapping): the YAML parser reads it, and names what is wrong
    }
  }
  return parseYaml(text);
}

function readDotenv(path: string): Record<string, string> {
  try {
    return parseDotenv(readFileSync(path));
  } catch (err) {
    throw new ConfigError([`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); fix or remove it`]);
  }
}

/** A bare number on the command line is seconds, as in CHECK_INTERVAL: "60" -> "60s"; anything else is kept. */
function secondsIfBare(value: string): { value: string; unit: string } {
  return /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? { value: `${value.trim()}s`, unit: ', in seconds' } : { value, unit: '' };
}

/** Applies environment variables and flags onto the raw config; returns which key came from where. */
function applyOverrides(raw: Raw, env: LoadedConfig['env'], flags: ConfigFlags): Map<string, string> {
  const origin = new Map<string, string>();
  const set = (keys: string[], value: unknown, from: string) => {
    const parent = section(raw, ...keys.slice(0, -1));
    parent[keys[keys.length - 1] as string] = value;
    origin.set(keys.join('.'), from);
  };
  if (env.UPTIME_DATA_DIR) set(['dataDir'], env.UPTIME_DATA_DIR, 'UPTIME_DATA_DIR');
  if (env.CHECK_INTERVAL) {
    const seconds = Number(env.CHECK_INTERVAL);
    set(['monitor', 'interval'], Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : env.CHECK_INTERVAL, 'CHECK_INTERVAL, in seconds');
  }
  if (env.NOTIFICATION_EMAIL) {
    set(['alerts', 'to'], env.NOTIFICATION_EMAIL.split(',').map((s) => s.trim()).filter(Boolean), 'NOTIFICATION_EMAIL');
  }
  if (env.SMTP_SERVER) {
    // the scripts this replaces sent every alert through SMTP_SERVER: naming one means relaying through it
    set(['mta', 'relay', 'smarthost', 'host'], env.SMTP_SERVER, 'SMTP_SERVER');
    set(['mta', 'relay', 'mode'], 'smarthost', 'SMTP_SERVER');
  }
  if (env.SMTP_PORT) set(['mta', 'relay', 'smarthost', 'port'], Number(env.SMTP_PORT), 'SMTP_PORT');
  if (flags.dataDir) set(['dataDir'], flags.dataDir, '--data-dir');
  for (const key of ['interval', 'timeout'] as const) {
    const flag = flags[key];
    if (!flag) continue;
    const { value, unit } = secondsIfBare(flag);
    set(['monitor', key], value, `--${key}${unit}`);
  }
  if (flags.target?.length) set(['monitor', 'targets'], flags.target.map((host) => ({ host })), '--target');
  return origin;
}

function describeIssue(issue: z.core.$ZodIssue, origin: Map<string, string>): string[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const from = [...origin.entries()].find(([key]) => path.join('.').startsWith(key))?.[1];
  const related = issue.code === 'custom' && typeof issue.params?.related === 'string' ? issue.params.related : undefined;
  const relatedFrom = related ? origin.get(related) : undefined;
  const suffix = (from ? ` (from ${from})` : '') + (relatedFrom ? ` (${related} from ${relatedFrom})` : '');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatKeyPath([...path, key])}: unknown key${suffix}`);
  }
  return [`${formatKeyPath(path)}: ${issue.message}${suffix}`];
}

/** Loads and validates the config; throws ConfigError naming every bad key. */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const flags = options.flags ?? {};
  const dotenvPath = resolve(cwd, '.env');
  const dotenv = existsSync(dotenvPath) ? readDotenv(dotenvPath) : {};
  const env: LoadedConfig['env'] = { ...dotenv, ...(options.env ?? process.env) };

  const explicit = flags.config ?? env.UPTIME_CONFIG;
  const fallback = resolve(cwd, 'uptime.config.yaml');
  const configPath = explicit ? resolve(cwd, explicit) : existsSync(fallback) ? fallback : undefined;
  const raw = configPath ? readConfigFile(configPath) : {};

  const origin = applyOverrides(raw, env, flags);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(result.error.issues.flatMap((issue) => describeIssue(issue, origin)), configPath);
  }
  const config = { ...result.data, dataDir: resolve(cwd, result.data.dataDir) };
  return { config, configPath, layout: dataLayout(config.dataDir), env };
}
