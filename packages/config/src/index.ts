/** @module The appliance's configuration: schema, layered loading and the data directory layout. */
export type { MaintenanceWindow } from './maintenance-schema.js';
export type { FlappingConfig } from './alert-policy-schema.js';
export { configSchema, type AppConfig, type TargetConfig } from './schema.js';
export { effectiveConfigYaml, redactSecrets, REDACTED } from './effective-config.js';
export { loadConfig, type ConfigFlags, type LoadOptions, type LoadedConfig } from './load-config.js';
export { ConfigError, formatKeyPath } from './config-error.js';
export { sharedOptionSpecs, checkTimingOptionSpecs, loadConfigOrExit } from './cli-options.js';
export { dataLayout, type DataLayout } from './layout.js';
export { parseDuration, formatDuration, MAX_TIMER_MS } from './duration.js';
export { parseListen, formatListen, isHostOrIp, type ListenAddress } from './address.js';
export { registerPart, readParts, type PartName, type PartRecord, type PartHealth } from './part-registry.js';
export { promptTargets, parseTargetAnswer } from './prompt-targets.js';
export { askToSaveFirstRun, firstRunOnTerminal, saveFirstRun, DEFAULT_ALERT_RECIPIENT } from './first-run-save.js';
export { loadOrCreateSubmissionCredentials, submissionCredentialsPath, SUBMISSION_USER, type SubmissionCredentials } from './submission-credentials.js';
export { invocationDir } from './invocation-dir.js';
export { userArgv } from './user-argv.js';
export { parseSize } from './size.js';
export { monitorNodeFlags } from './node-flags.js';
