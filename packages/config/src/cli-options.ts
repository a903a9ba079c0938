/** @module The command-line options every part shares, and the exit on a bad config. */
import { ConfigError } from './config-error.js';
import { loadConfig, type ConfigFlags, type LoadedConfig } from './load-config.js';
import { invocationDir } from './invocation-dir.js';

/** The commander-style option specs shared by every CLI: [flags, description]. */
export const sharedOptionSpecs: ReadonlyArray<readonly [string, string]> = [
  ['-c, --config <file>', 'YAML config file (default: $UPTIME_CONFIG or ./uptime.config.yaml)'],
  ['-d, --data-dir <dir>', 'data directory (default: $UPTIME_DATA_DIR or ./data)'],
];

/** The options of the CLIs that run the monitor, [flags, description]: a bare number is seconds, as in CHECK_INTERVAL. */
export const checkTimingOptionSpecs: ReadonlyArray<readonly [string, string]> = [
  ['-i, --interval <duration>', 'time between checks of one target (monitor.interval): 2s, 500ms, 1m; a bare number is seconds, like CHECK_INTERVAL (at most 24h)'],
  ['-t, --timeout <duration>', 'a check with no answer by then failed (monitor.timeout): 1s, 300ms; a bare number is seconds (at most the interval)'],
];

/** Loads the config, or prints the problems and exits with code 2. */
export function loadConfigOrExit(flags: ConfigFlags, part: string): LoadedConfig {
  try {
    return loadConfig({ flags, cwd: invocationDir() });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.report(part).join('\n')}\n`);
      process.exit(ConfigError.exitCode);
    }
    throw err;
  }
}
