/** @module The one error a bad config raises: names the key path and what is wrong. */

/** A config problem; `message` reads `monitor.targets[2].host: "x" is not an IP address or host name`. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  /** Exit code the CLIs use for a bad config. */
  static readonly exitCode = 2;

  constructor(
    readonly problems: string[],
    readonly source?: string,
  ) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }

  /** The lines a CLI prints: `<part>: invalid configuration in <file>:` and each problem indented. */
  report(part: string): string[] {
    return [`${part}: invalid configuration${this.source ? ` in ${this.source}` : ''}:`, ...this.problems.map((p) => `  ${p}`)];
  }
}

/** Formats a path like ["monitor", "targets", 2, "host"] as "monitor.targets[2].host". */
export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}
